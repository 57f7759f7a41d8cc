import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { Command } from 'commander';
import type { CommandRuntime } from '../command-runtime';
import { scaffoldNames, type ScaffoldKind } from '../init/scaffold-names';
import { scaffoldFiles, writeScaffold } from '../init/write-scaffold';

/** The range new plugins give the oxide-mirror packages: the core this CLI runs with. */
function oxideMirrorRange(): string {
  const manifest = require.resolve('@oxide-mirror/core/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return `^${version}`;
}

function scaffoldCommand(runtime: CommandRuntime, kind: ScaffoldKind): Command {
  return new Command(kind)
    .summary(`create a ${kind} plugin package`)
    .description(
      `create a ${kind} plugin package that builds and passes its contract suite as created: ` +
        'package.json (core as a peer dependency), tsconfig, jest, a test running the contract, README',
    )
    .argument('<name>', `the plugin's name, kebab-case (e.g. "petstore")`)
    .option('--dir <dir>', 'folder to create (default: ./<package name>)')
    .option('--package <name>', `npm package name (default: oxide-mirror-${kind}-<name>)`)
    .action((name: string, options: { dir?: string; package?: string }) => {
      const names = scaffoldNames(kind, name, options.package);
      const dir = resolve(
        runtime.io.cwd,
        options.dir ?? names.packageName.replace(/^@[^/]+\//, ''),
      );
      writeScaffold(dir, scaffoldFiles(names, { oxideMirror: oxideMirrorRange() }));
      const shown = relative(runtime.io.cwd, dir) || '.';
      runtime.out(
        `created ${names.packageName} (${names.className}) in ${dir}\n\n` +
          `  cd ${shown}\n  npm install\n  npm test\n\n` +
          `Edit src/${names.classFile}.ts; test/contract.test.ts runs the oxide-mirror contract suite.\n`,
      );
    });
}

/** `oxide-mirror init source|strategy <name>`: scaffolds a plugin package. */
export function initCommand(runtime: CommandRuntime): Command {
  return new Command('init')
    .summary('create a source or strategy plugin package')
    .description('create a plugin package that builds and passes its contract suite as created')
    .addCommand(scaffoldCommand(runtime, 'source'))
    .addCommand(scaffoldCommand(runtime, 'strategy'));
}
