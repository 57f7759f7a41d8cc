import { pluginOptionsJsonSchema, type MirrorPlugin } from '@oxide-mirror/core';
import { formatConfigPath } from '../config/config-path';
import type { MirrorConfig, StrategySpec } from '../config/config-schema';
import { FIRST_PARTY_STRATEGIES } from './first-party-strategies';
import { loadAnyPlugin } from './load-plugin';

/** The source packages the CLI ships with. */
const FIRST_PARTY_SOURCES = ['@oxide-mirror/source-http', '@oxide-mirror/source-static'];

/** One plugin a config can name, and where it was named. */
interface NamedPlugin {
  /** What a config's `use` says: a short name, a package or a path. */
  use: string;
  /** The config field naming it, for messages; `plugins` for the first-party ones. */
  field: string;
}

/** A loaded plugin, as `oxide-mirror plugins` and the config's JSON Schema describe it. */
export interface PluginDescription {
  /** What a config's `use` says. */
  use: string;
  /** Source or strategy. */
  kind: MirrorPlugin['kind'];
  /** The plugin's own name. */
  name: string;
  /** JSON Schema of its options; undefined when its schema cannot describe itself. */
  options: Record<string, unknown> | undefined;
}

function useOf(spec: StrategySpec): string {
  return typeof spec === 'string' ? spec : spec.use;
}

/** Every plugin the CLI ships with, then every other one `config` names, each once. */
function namedPlugins(config: MirrorConfig | undefined): NamedPlugin[] {
  const named: NamedPlugin[] = [
    ...Object.keys(FIRST_PARTY_STRATEGIES).map((use) => ({ use, field: 'plugins' })),
    ...FIRST_PARTY_SOURCES.map((use) => ({ use, field: 'plugins' })),
  ];
  if (config !== undefined) {
    named.push({ use: useOf(config.strategy), field: 'strategy' });
    for (const [id, source] of Object.entries(config.sources)) {
      named.push({ use: source.use, field: formatConfigPath(['sources', id, 'use']) });
      if (source.strategy !== undefined) {
        const field = formatConfigPath(['sources', id, 'strategy']);
        named.push({ use: useOf(source.strategy), field });
      }
    }
    for (const [resource, settings] of Object.entries(config.resources)) {
      const field = formatConfigPath(['resources', resource, 'strategy']);
      named.push({ use: useOf(settings.strategy), field });
    }
  }
  const seen = new Set<string>();
  return named.filter(({ use }) => !seen.has(use) && seen.add(use));
}

/**
 * Loads and describes the plugins the CLI ships with and those `config` names (from `baseDir`),
 * or only `only` when given. A plugin that fails to load is an error naming its config field.
 */
export async function describePlugins(
  config: MirrorConfig | undefined,
  baseDir: string,
  only: readonly string[] = [],
): Promise<PluginDescription[]> {
  const wanted =
    only.length > 0 ? only.map((use) => ({ use, field: 'plugins' })) : namedPlugins(config);
  const descriptions: PluginDescription[] = [];
  for (const { use, field } of wanted) {
    const plugin = await loadAnyPlugin({
      specifier: FIRST_PARTY_STRATEGIES[use] ?? use,
      field,
      baseDir,
    });
    descriptions.push({
      use,
      kind: plugin.kind,
      name: plugin.name,
      options: pluginOptionsJsonSchema(plugin),
    });
  }
  return descriptions;
}
