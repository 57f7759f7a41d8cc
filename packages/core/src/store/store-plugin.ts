import type { ConflictStrategy } from '../conflict-strategy';
import type { MirrorStore } from '../mirror-store';
import type { OptionsSchema } from '../options-schema';
import type { QueryLimits } from './read-only-sql';

/** What a host gives a store plugin besides its own options. */
export interface StoreOpenContext {
  /**
   * The strategy the projection is kept with. A store whose `mirror_records` was built with
   * another one refuses to open with `StrategyMismatchError`; one without a recorded strategy
   * records it. Absent for hosts that only read or that switch strategies (`rebuild`).
   */
  strategy?: ConflictStrategy;
  /** Open without writing anything; every write is refused with `StoreReadOnlyError`. */
  readOnly: boolean;
  /** Refuse with `NoMirrorError` instead of creating a mirror where there is none. */
  mustExist: boolean;
  /** The host's default bounds on read-only queries. */
  queryLimits?: Partial<QueryLimits>;
  /** Folder of the config file, for resolving relative paths in options. */
  baseDir: string;
  /** Reads a secret from the environment; throws a clear error naming the variable if unset. */
  secret(name: string): string;
}

/**
 * The entry a store package exports as `oxideMirrorStore` so that hosts can open it from
 * config (`"database": { "use": "<package>", "options": … }`). Hosts check the options against
 * `options` (see `parsePluginOptions`) before anything is opened or created, so `open` gets them
 * typed and a misspelt option never leaves a database behind.
 *
 * @example
 * export const oxideMirrorStore = defineStorePlugin({
 *   name: 'sqlite',
 *   options: z.strictObject({ path: z.string().min(1) }),
 *   open: (options, context) => SqliteMirrorStore.open(resolve(context.baseDir, options.path), context),
 * });
 */
export interface StorePlugin<TOptions = unknown> {
  readonly kind: 'store';
  /** Short name, used in messages. */
  readonly name: string;
  /** The options schema (any Standard Schema); unknown keys are refused. */
  readonly options?: OptionsSchema<TOptions> | undefined;
  /** Opens (creating and migrating as allowed by `context`) the store the options name. */
  open(options: TOptions, context: StoreOpenContext): Promise<MirrorStore>;
  /** Where the store lives, for messages (a path, a URL without its password). */
  describe?(options: TOptions): string;
}

/** Declares a store plugin; fills in `kind`. See `defineSourcePlugin`. */
export function defineStorePlugin<TOptions = unknown>(
  plugin: Omit<StorePlugin<TOptions>, 'kind'>,
): StorePlugin<TOptions> {
  return { kind: 'store', ...plugin };
}
