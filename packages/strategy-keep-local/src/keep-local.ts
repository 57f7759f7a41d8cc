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
 * The first state the mirror holds for a record is kept: only records never seen before land.
 * A tombstone counts as held state, so a record deleted locally stays deleted.
 *
 * @example
 * const strategy = new RoutedStrategy(new LastWriteWins(), { byResource: { invoices: new KeepLocal() } });
 */
export class KeepLocal implements ConflictStrategy {
  /** Stable name recorded with every decision. */
  readonly name = 'keep-local';
  /** Its plugin, so a store can build it again on its writer thread. */
  readonly plugin = strategyPluginAt(compiledModule(() => __dirname, 'plugin.js'));

  /**
   * Applies the incoming delta only when the mirror has never held the record. The delta's
   * content never matters: what the mirror already holds decides alone.
   */
  resolve(existing: MirroredRecord | undefined, _incoming: Delta): Resolution {
    return existing === undefined ? Resolutions.apply : Resolutions.skip;
  }
}
