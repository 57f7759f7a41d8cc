import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from '../cli-error';
import {
  GITIGNORE,
  JEST_CONFIG,
  TSCONFIG,
  TSCONFIG_TEST,
  packageJson,
  readme,
  type ScaffoldVersions,
} from './package-files';
import type { ScaffoldNames } from './scaffold-names';
import { SOURCE_OPTIONS_EXAMPLE, sourceFiles } from './source-template';
import { STRATEGY_OPTIONS_EXAMPLE, strategyFiles } from './strategy-template';

/** Every file of a new plugin package, by path inside it. */
export function scaffoldFiles(
  names: ScaffoldNames,
  versions: ScaffoldVersions,
): Record<string, string> {
  const isSource = names.kind === 'source';
  return {
    'package.json': packageJson(names, versions),
    'tsconfig.json': TSCONFIG,
    'tsconfig.test.json': TSCONFIG_TEST,
    'jest.config.js': JEST_CONFIG,
    '.gitignore': GITIGNORE,
    'README.md': readme(names, isSource ? SOURCE_OPTIONS_EXAMPLE : STRATEGY_OPTIONS_EXAMPLE),
    ...(isSource ? sourceFiles(names) : strategyFiles(names)),
  };
}

/**
 * Writes `files` into `dir`, which must not exist or be empty: a scaffold never overwrites
 * anyone's work.
 */
export function writeScaffold(dir: string, files: Readonly<Record<string, string>>): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new CliError(`${dir} already exists and is not empty: choose another name or --dir`);
  }
  for (const [path, text] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}
