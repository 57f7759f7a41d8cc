import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { CommandRuntime } from '../command-runtime';
import { DEFAULT_CONFIG_FILE } from '../config/load-config';
import type { LoadedConfig } from '../config/load-config';
import { renderTable } from '../output/table';
import { tabularOf } from '../output/tabular';
import { optionDocs } from '../plugins/options-doc';
import { describePlugins, type PluginDescription } from '../plugins/plugin-catalog';

/**
 * `oxide-mirror plugins [use…]`: the plugins the CLI ships with and those the config names, each
 * with its options as its schema describes them.
 */
export function pluginsCommand(runtime: CommandRuntime): Command {
  return new Command('plugins')
    .summary('list plugins and their options')
    .description(
      'list the first-party plugins and those the config names (or only the given ones), with ' +
        'the options each takes, from its options schema',
    )
    .argument('[use...]', 'plugins to show, as a config names them: a short name, package or path')
    .option('--json', 'print each plugin with the JSON Schema of its options')
    .action(async (only: string[], options: { json?: boolean }, command: Command) => {
      const settings = settingsIfAny(runtime, command);
      const plugins = await describePlugins(
        settings?.config,
        settings?.dir ?? runtime.io.cwd,
        only,
      );
      runtime.out(
        options.json === true
          ? `${JSON.stringify(plugins, null, 2)}\n`
          : plugins.map(renderPlugin).join('\n'),
      );
    });
}

/** The config when there is one: plugins it names are listed too, resolved from its folder. */
export function settingsIfAny(runtime: CommandRuntime, command: Command): LoadedConfig | undefined {
  const given = command.optsWithGlobals<{ config?: string }>().config;
  const present = given !== undefined || existsSync(resolve(runtime.io.cwd, DEFAULT_CONFIG_FILE));
  return present ? runtime.settings(command) : undefined;
}

function renderPlugin(plugin: PluginDescription): string {
  const head = `${plugin.use}  (${plugin.kind} plugin '${plugin.name}')\n`;
  if (plugin.options === undefined) {
    return `${head}  options: not described (the plugin has no options schema)\n`;
  }
  const rows = optionDocs(plugin.options);
  if (rows.length === 0) return `${head}  options: none\n`;
  const table = renderTable(
    tabularOf(
      rows.map((row) => ({ ...row, required: row.required ? 'yes' : '' })),
      ['option', 'type', 'required', 'default', 'description'],
    ),
    { footer: false },
  );
  return `${head}${table.trimEnd().replace(/^/gm, '  ')}\n`;
}
