import type { ConflictStrategy } from './conflict-strategy';
import type { MirrorStore } from './mirror-store';
import type { SyncSource } from './sync-source';

/** What a source plugin is given when the host (the CLI, an app) creates a source from config. */
export interface SourcePluginContext {
  /** The id the config gives this source. */
  id: string;
  /** The store the source will sync into (read it, for example, to infer deletes). */
  store: MirrorStore;
  /** Reads a secret from the environment; throws a clear error naming the variable if unset. */
  secret(name: string): string;
  /**
   * Secret values the host already resolved into this source's options (`{ "$env": NAME }` in
   * a config file). The source must keep them out of everything it produces, as its own.
   */
  knownSecrets?: readonly string[];
  /** Folder of the config file, for resolving relative paths in options. */
  baseDir: string;
}

/**
 * The entry a source package exports as `oxideMirrorPlugin` so that hosts can load it by package
 * name. `createSource` validates `options` and throws a `PluginOptionsError` naming the bad field.
 *
 * @example
 * export const oxideMirrorPlugin = defineSourcePlugin({
 *   name: 'petstore',
 *   createSource: (options, context) => new PetstoreSource(context.id, parseOptions(options)),
 * });
 */
export interface SourcePlugin {
  readonly kind: 'source';
  /** Short name, used in messages. */
  readonly name: string;
  /** Builds a source from its config options. */
  createSource(options: unknown, context: SourcePluginContext): SyncSource | Promise<SyncSource>;
}

/** The entry a strategy package exports as `oxideMirrorPlugin`. */
export interface StrategyPlugin {
  readonly kind: 'strategy';
  /** Short name, used in config (`"strategy": "last-write-wins"`) and messages. */
  readonly name: string;
  /** Builds the strategy from its config options (most strategies take none). */
  createStrategy(options: unknown): ConflictStrategy;
}

/** Either kind of plugin. */
export type MirrorPlugin = SourcePlugin | StrategyPlugin;

/** Declares a source plugin; fills in `kind`. */
export function defineSourcePlugin(plugin: Omit<SourcePlugin, 'kind'>): SourcePlugin {
  return { kind: 'source', ...plugin };
}

/** Declares a strategy plugin; fills in `kind`. */
export function defineStrategyPlugin(plugin: Omit<StrategyPlugin, 'kind'>): StrategyPlugin {
  return { kind: 'strategy', ...plugin };
}
