import type { Delta } from './delta';
import { compareInstants } from './instant';
import type { JsonObject, JsonValue } from './json';
import type { MirroredRecord } from './mirrored-record';

/** What a strategy decided for one incoming delta. */
export type Resolution =
  { kind: 'apply' } | { kind: 'skip' } | { kind: 'merge'; payload: JsonObject };

/**
 * Decides whether an incoming delta lands on the record the mirror holds.
 *
 * Strategies must be pure and deterministic: the same existing record and delta always give the
 * same resolution, so replaying the log always projects the same table.
 *
 * @example
 * const keepFirst: ConflictStrategy = {
 *   name: 'keep-first',
 *   resolve: (existing) => (existing ? { kind: 'skip' } : { kind: 'apply' }),
 * };
 */
export interface ConflictStrategy {
  /** Stable name, recorded with each decision and with the projection it builds. */
  readonly name: string;
  /**
   * Optional: the settings that shape its decisions (a source order, say), as JSON. Stores record
   * them with the name, so a projection built with other settings is told apart.
   */
  readonly options?: JsonValue;
  /**
   * Optional: where this strategy can be built again, so that a store may decide on another
   * thread (the SQLite store writes large batches on its writer thread). The module's plugin
   * must build, from this strategy's `options`, a strategy with the same name and options; a
   * strategy without one is always run where it was made.
   */
  readonly plugin?: StrategyPluginRef;
  /**
   * Resolves `incoming` against `existing` (undefined when the record was never seen; a
   * tombstone, `deleted: true`, when it was deleted).
   */
  resolve(existing: MirroredRecord | undefined, incoming: Delta): Resolution;
}

/**
 * The module that exports a strategy's plugin (a `StrategyPlugin`), for a thread that must
 * build the strategy itself. See `compiledModule` and `strategyPluginAt`.
 */
export interface StrategyPluginRef {
  /** Absolute path of the compiled (CommonJS) module. */
  readonly module: string;
  /** Name of the export holding the plugin; default `oxideMirrorPlugin`. */
  readonly export?: string;
}

/** Shorthand resolutions for strategy authors. */
export const Resolutions = {
  apply: Object.freeze({ kind: 'apply' }) as Resolution,
  skip: Object.freeze({ kind: 'skip' }) as Resolution,
  merge: (payload: JsonObject): Resolution => ({ kind: 'merge', payload }),
};

/**
 * True when `incoming` happened before the change that produced `existing`, compared as exact
 * instants (times of different precision are not in string order).
 */
export function isOlderThan(incoming: Delta, existing: MirroredRecord): boolean {
  return compareInstants(incoming.occurredAt, existing.occurredAt) < 0;
}
