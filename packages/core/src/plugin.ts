import type { ConflictStrategy } from './conflict-strategy';
import type { SourceWait } from './source-wait';
import type { OptionsSchema } from './options-schema';
import type { MirroredIds } from './store/mirrored-ids';
import type { StorePlugin } from './store/store-plugin';
import type { SyncSource } from './sync-source';

/** What a source plugin is given when the host (the CLI, an app) creates a source from config. */
export interface SourcePluginContext {
  /** The id the config gives this source. */
  id: string;
  /**
   * A read-only view of what this mirror holds (the ids a source has mirrored, to infer
   * deletes). Sources never get the store: they are built, and their options checked, before it
   * is opened, and the view reads it only when asked.
   */
  mirrored: MirroredIds;
  /** Reads a secret from the environment; throws a clear error naming the variable if unset. */
  secret(name: string): string;
  /**
   * Secret values the host already resolved into this source's options (`{ "$env": NAME }` in
   * a config file). The source must keep them out of everything it produces, as its own.
   */
  knownSecrets?: readonly string[];
  /** Folder of the config file, for resolving relative paths in options. */
  baseDir: string;
  /** Told of every wait of the source (a rate limit, a retry's backoff), to show it as progress. */
  onWait?(wait: SourceWait): void;
}

/**
 * The entry a source package exports as `oxideMirrorPlugin` so that hosts can load it by package
 * name. Hosts check the config's options against `options` (see `parsePluginOptions`) before
 * `createSource` sees them, so the factory gets them typed.
 *
 * @example
 * export const oxideMirrorPlugin = defineSourcePlugin({
 *   name: 'petstore',
 *   options: z.strictObject({ baseUrl: z.url(), pageSize: z.int().positive().default(100) }),
 *   createSource: (options, context) => new PetstoreSource(context.id, options),
 * });
 */
export interface SourcePlugin<TOptions = unknown> {
  readonly kind: 'source';
  /** Short name, used in messages. */
  readonly name: string;
  /**
   * The options schema (any Standard Schema, for example zod 4's). Hosts validate with it,
   * refuse unknown keys, and show it (`oxide-mirror plugins`, the config's JSON Schema).
   * A plugin without one gets its options unchecked and must validate them itself.
   */
  readonly options?: OptionsSchema<TOptions> | undefined;
  /** Builds a source from its validated options. */
  createSource(options: TOptions, context: SourcePluginContext): SyncSource | Promise<SyncSource>;
  /**
   * A short readable summary of a cursor this plugin's sources stored (`since
   * 2024-06-01T00:05Z`, `page 7`), for hosts to show instead of the stored text; undefined when
   * the cursor is not one it can read. Optional: hosts fall back to a generic summary. It needs
   * no options and no secrets, so a host can describe cursors without building the source.
   */
  describeCursor?(cursor: string): string | undefined;
}

/** The entry a strategy package exports as `oxideMirrorPlugin`. */
export interface StrategyPlugin<TOptions = unknown> {
  readonly kind: 'strategy';
  /** Short name, used in config (`"strategy": "last-write-wins"`) and messages. */
  readonly name: string;
  /** The options schema, as for {@link SourcePlugin.options}; `noOptions` when it takes none. */
  readonly options?: OptionsSchema<TOptions> | undefined;
  /** Builds the strategy from its validated options. */
  createStrategy(options: TOptions): ConflictStrategy;
}

/** Any kind of plugin. */
export type MirrorPlugin = SourcePlugin | StrategyPlugin | StorePlugin;

/**
 * Declares a source plugin; fills in `kind`. The options type comes from the schema, so
 * `createSource` needs no annotation. Hosts validate options with the schema before calling the
 * factory.
 */
export function defineSourcePlugin<TOptions = unknown>(
  plugin: Omit<SourcePlugin<TOptions>, 'kind'>,
): SourcePlugin<TOptions> {
  return { kind: 'source', ...plugin };
}

/** Declares a strategy plugin; fills in `kind`. See {@link defineSourcePlugin}. */
export function defineStrategyPlugin<TOptions = unknown>(
  plugin: Omit<StrategyPlugin<TOptions>, 'kind'>,
): StrategyPlugin<TOptions> {
  return { kind: 'strategy', ...plugin };
}
