import { SourceProtocolError, type PullResult, type SyncSource } from '@oxide-mirror/core';
import { SOURCE_ID, type DeltaGenerator } from './data-generator';

/**
 * A {@link SyncSource} over a {@link DeltaGenerator}: each `pull` generates the next page of
 * deltas when it is asked for, never the whole stream, so the benchmark's memory is the
 * project's and not the fixture's. The cursor is the index of the page's first delta.
 *
 * @example
 * const syncer = new Syncer({ store, strategy: new LastWriteWins() });
 * await syncer.syncWith(new GeneratedSource(generator, 5000));
 */
export class GeneratedSource implements SyncSource {
  /** The provenance of every generated delta. */
  readonly id = SOURCE_ID;
  /** Bytes of payload JSON handed out so far: the raw data a mirror's size is compared with. */
  payloadBytes = 0;

  constructor(
    private readonly generator: DeltaGenerator,
    private readonly pageSize: number,
  ) {
    if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
      throw new RangeError(`page size must be a positive integer, got ${pageSize}`);
    }
  }

  /** The page of deltas starting at `cursor` (the first page when undefined). */
  async pull(cursor: string | undefined): Promise<PullResult> {
    const start = cursor === undefined ? 0 : Number(cursor);
    if (!Number.isSafeInteger(start) || start < 0 || start > this.generator.size) {
      throw new SourceProtocolError(this.id, `cannot resume from cursor ${JSON.stringify(cursor)}`);
    }
    const deltas = this.generator.page(start, this.pageSize);
    for (const { payload } of deltas) {
      if (payload !== null) this.payloadBytes += Buffer.byteLength(JSON.stringify(payload));
    }
    const end = start + deltas.length;
    return { deltas, nextCursor: String(end), hasMore: end < this.generator.size };
  }
}
