import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { Command } from 'commander';
import { CliError, messageOf } from '../cli-error';
import type { CommandRuntime } from '../command-runtime';
import { configJsonSchema } from '../config/config-json-schema';
import { describePlugins } from '../plugins/plugin-catalog';
import { settingsIfAny } from './plugins-command';

/** Where `schema` writes by default, beside the config. */
const DEFAULT_SCHEMA_FILE = 'oxide-mirror.schema.json';

/**
 * `oxide-mirror schema`: writes the JSON Schema of the config file, with the options of every
 * first-party plugin and of every plugin the config names, for editors to complete and check.
 */
export function schemaCommand(runtime: CommandRuntime): Command {
  return new Command('schema')
    .summary('write the JSON Schema of the config file, for editors')
    .description(
      'write the JSON Schema of oxide-mirror.config.json, including the options of the ' +
        'first-party plugins and of every plugin the config names; point the config\'s "$schema" at it',
    )
    .option('-o, --out <file>', `file to write (default: ${DEFAULT_SCHEMA_FILE} beside the config)`)
    .option('--stdout', 'print the schema instead of writing a file')
    .action(async (options: { out?: string; stdout?: boolean }, command: Command) => {
      const settings = settingsIfAny(runtime, command);
      const dir = settings?.dir ?? runtime.io.cwd;
      const schema = configJsonSchema(await describePlugins(settings?.config, dir));
      const text = `${JSON.stringify(schema, null, 2)}\n`;
      if (options.stdout === true) {
        runtime.out(text);
        return;
      }
      const file =
        options.out === undefined
          ? resolve(dir, DEFAULT_SCHEMA_FILE)
          : resolve(runtime.io.cwd, options.out);
      try {
        writeFileSync(file, text);
      } catch (error) {
        throw new CliError(`cannot write the schema to ${file}: ${messageOf(error)}`, {
          cause: error,
        });
      }
      const reference = `./${relative(dir, file).split('\\').join('/')}`;
      const linked = settings?.config.$schema === reference;
      runtime.out(
        `wrote ${file}\n` +
          (linked ? '' : `add "$schema": "${reference}" to the config so that editors use it\n`),
      );
    });
}
