import {
  Resolutions,
  type ConflictStrategy,
  type Delta,
  type MirroredRecord,
  type Resolution,
  compiledModule,
  strategyPluginAt,
} from '@oxide-mirror/core';

/**
 * The change from the most trusted source wins: a delta lands when its `provenance.confidence`
 * is at least the confidence of the change that produced the current record. Ties apply, so a
 * source can keep refreshing data it already owns.
 *
 * @example
 * const syncer = new Syncer({ store, strategy: new HighestConfidence() });
 * // A 0.9 "good" delta followed by a 0.1 "bad" one keeps "good".
 */
export class HighestConfidence implements ConflictStrategy {
  /** Stable name recorded with every decision. */
  readonly name = 'highest-confidence';
  /** Its plugin, so a store can build it again on its writer thread. */
  readonly plugin = strategyPluginAt(compiledModule(() => __dirname, 'plugin.js'));

  /** Applies `incoming` when there is no record or it is at least as trusted as the record. */
  resolve(existing: MirroredRecord | undefined, incoming: Delta): Resolution {
    if (existing === undefined || incoming.provenance.confidence >= existing.confidence) {
      return Resolutions.apply;
    }
    return Resolutions.skip;
  }
}
