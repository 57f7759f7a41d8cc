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

/**
 * The change that happened last wins, ordered by `occurredAt` on the source's clock rather than
 * by arrival, so a late, older delta never overwrites newer state. Tombstones take part in the
 * comparison: an upsert older than a delete is skipped and cannot resurrect the record.
 *
 * @example
 * const store = SqliteMirrorStore.inMemory();
 * await store.applyDelta(Delta.upsert('pets', '1', { name: 'Rex' }, 'petstore'), new LastWriteWins());
 */
export class LastWriteWins implements ConflictStrategy {
  /** Stable name recorded with every decision. */
  readonly name = 'last-write-wins';
  /** Its plugin, so a store can build it again on its writer thread. */
  readonly plugin = strategyPluginAt(compiledModule(() => __dirname, 'plugin.js'));

  /** Applies `incoming` unless it happened before `existing`; equal times let `incoming` win. */
  resolve(existing: MirroredRecord | undefined, incoming: Delta): Resolution {
    if (existing !== undefined && isOlderThan(incoming, existing)) return Resolutions.skip;
    return Resolutions.apply;
  }
}
