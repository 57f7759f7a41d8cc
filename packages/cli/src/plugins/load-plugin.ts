import { pathToFileURL } from 'node:url';
import type { MirrorPlugin, SourcePlugin, StorePlugin, StrategyPlugin } from '@oxide-mirror/core';
import { CliError, messageOf } from '../cli-error';
import { resolvePlugin } from './resolve-plugin';

/** Where a plugin reference sits in the config, for messages. */
export interface PluginReference {
  /** The package name or relative path, as written in the config. */
  specifier: string;
  /** Path of the config field holding it, for example `sources.crm.use`. */
  field: string;
  /** Folder the reference resolves from: the config file's folder. */
  baseDir: string;
  /** Appended to a "not found" message, for example the list of short names. */
  notFoundHint?: string;
}

/** The plugin kinds and their entry types. */
interface PluginKinds {
  source: SourcePlugin;
  strategy: StrategyPlugin;
  store: StorePlugin;
}

/**
 * Loads the `oxideMirrorPlugin` entry of the module a config names, and checks that it is a
 * plugin of the expected kind. Modules may be CommonJS or ES modules. Every failure is a
 * {@link CliError} naming the plugin and the config field.
 *
 * @example
 * const plugin = await loadPlugin('source', {
 *   specifier: '@oxide-mirror/source-static', field: 'sources.crm.use', baseDir: configDir,
 * });
 */
export async function loadPlugin<K extends keyof PluginKinds>(
  kind: K,
  reference: PluginReference,
): Promise<PluginKinds[K]> {
  const plugin = await loadAnyPlugin(reference);
  if (plugin.kind !== kind) {
    throw new CliError(
      `${reference.field}: '${reference.specifier}' is a ${plugin.kind} plugin, but a ${kind} plugin is needed here`,
    );
  }
  return plugin as PluginKinds[K];
}

/** Loads a plugin of either kind, checked as {@link loadPlugin} checks it. */
export async function loadAnyPlugin(reference: PluginReference): Promise<MirrorPlugin> {
  const { specifier, field, baseDir } = reference;
  const location = resolvePlugin(specifier, baseDir, field, reference.notFoundHint);
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(location.file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`${field}: plugin '${specifier}' failed to load: ${messageOf(error)}`, {
      cause: error,
    });
  }
  const entry = entryOf(loaded);
  if (entry === undefined) {
    throw new CliError(
      `${field}: '${specifier}' is not an oxide-mirror plugin: it does not export oxideMirrorPlugin`,
    );
  }
  return checkEntry(entry, reference);
}

/** The entry as a named export, or on the default export of a CommonJS module seen from ESM. */
function entryOf(loaded: Record<string, unknown>): unknown {
  if (loaded.oxideMirrorPlugin !== undefined) return loaded.oxideMirrorPlugin;
  const fallback = loaded.default as Record<string, unknown> | undefined;
  return typeof fallback === 'object' && fallback !== null ? fallback.oxideMirrorPlugin : undefined;
}

const FACTORIES = { source: 'createSource', strategy: 'createStrategy', store: 'open' } as const;

function checkEntry(entry: unknown, { specifier, field }: PluginReference): MirrorPlugin {
  const plugin = entry as Partial<MirrorPlugin> | null;
  if (typeof plugin !== 'object' || plugin === null || plugin.kind === undefined) {
    throw new CliError(`${field}: '${specifier}' exports an oxideMirrorPlugin without a kind`);
  }
  if (!Object.hasOwn(FACTORIES, plugin.kind)) {
    throw new CliError(
      `${field}: '${specifier}' is a plugin of unknown kind '${String(plugin.kind)}' (source, strategy or store)`,
    );
  }
  const factory = FACTORIES[plugin.kind];
  if (typeof (plugin as Record<string, unknown>)[factory] !== 'function') {
    throw new CliError(`${field}: '${specifier}' is a ${plugin.kind} plugin without ${factory}()`);
  }
  return plugin as MirrorPlugin;
}
