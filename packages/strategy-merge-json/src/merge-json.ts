import {
  Resolutions,
  isOlderThan,
  type ConflictStrategy,
  type Delta,
  type MirroredRecord,
  type Resolution,
  compiledModule,
  strategyPluginAt,
} from '@oxide-mirror/core';
import { deepMerge } from './deep-merge';

/**
 * Partial updates merge into what the mirror holds: an upsert onto a live record deep-merges
 * its payload over the record's (incoming keys win, arrays are replaced). Ordering follows
 * last-write-wins, so a delta older than the record is skipped and cannot undo newer data.
 * With nothing to merge into (no record, a tombstone) or for a delete, the delta applies as is.
 *
 * @example
 * const strategy = new MergeJson();
 * strategy.resolve(record, Delta.upsert('pets', '1', { tags: { size: 'L' } }, 'petstore'));
 * // → { kind: 'merge', payload: { name: 'Rex', tags: { color: 'brown', size: 'L' } } }
 */
export class MergeJson implements ConflictStrategy {
  /** Stable name recorded with every decision. */
  readonly name = 'merge-json';
  /** Its plugin, so a store can build it again on its writer thread. */
  readonly plugin = strategyPluginAt(compiledModule(() => __dirname, 'plugin.js'));

  /** Skips older deltas, merges upserts onto live records, and applies everything else. */
  resolve(existing: MirroredRecord | undefined, incoming: Delta): Resolution {
    if (existing === undefined) return Resolutions.apply;
    if (isOlderThan(incoming, existing)) return Resolutions.skip;
    if (existing.deleted || existing.payload === null) return Resolutions.apply;
    if (incoming.op !== 'upsert' || incoming.payload === null) return Resolutions.apply;
    return Resolutions.merge(deepMerge(existing.payload, incoming.payload));
  }
}
