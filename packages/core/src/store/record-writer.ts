import type { AppliedDelta } from '../applied-delta';
import type { ConflictStrategy } from '../conflict-strategy';
import type { Delta } from '../delta';
import type { InvalidDeltaPolicy, SourceReject } from '../rejected-record';

/** The resource under which a source's overall cursor is stored. */
export const ALL_RESOURCES = '*';

/** A cursor to store together with a batch, in the same transaction. */
export interface CursorUpdate {
  source: string;
  /** Resource the cursor belongs to; {@link ALL_RESOURCES} for a source-wide cursor. */
  resource: string;
  cursor: string;
}

/** Options of {@link RecordWriter.applyBatch}. */
export interface ApplyBatchOptions {
  /** Stored in the batch's transaction, so events and cursor commit or fail together. */
  cursor?: CursorUpdate;
  /**
   * `fail` (default): an invalid delta fails the whole batch with `InvalidDeltaError`. `reject`:
   * it is set aside in the rejects, in the batch's transaction, and the rest lands.
   */
  onInvalid?: InvalidDeltaPolicy;
  /** The source the batch comes from; names the source of rejects whose delta is unreadable. */
  source?: string;
  /** Records the source could not turn into deltas, set aside in the batch's transaction. */
  rejects?: readonly SourceReject[];
  /** Ids of rejects this batch re-applies; they are removed in the batch's transaction. */
  resolvesRejects?: readonly number[];
  /**
   * For a store that pipelines batches (`pipelinesBatches`): the promise an earlier
   * `applyBatch` of this store returned, not necessarily settled. This batch is then written
   * only if that one committed, and refused with `EarlierBatchFailedError` otherwise.
   */
  follows?: Promise<unknown>;
}

/**
 * Appending to the log and projecting into `mirror_records`. The strategy passed must be the one
 * the projection was built with (see {@link ProjectionReplay.projectionStrategy}): a batch with
 * another one is refused with `StrategyMismatchError` before anything is written. The first
 * write to a store without a recorded strategy records the one it brings.
 */
export interface RecordWriter {
  /**
   * Optional: true when the store takes a batch while the one before it is still being written:
   * a batch given `follows` is written after the batch it follows, and only if that one
   * committed. A `Syncer` then reads and hands over a source's next page while the page before
   * it commits. Other stores are given a source's batch only once the one before it settled.
   */
  readonly pipelinesBatches?: boolean;
  /** Appends one delta and projects it with `strategy`, in one transaction. */
  applyDelta(delta: Delta, strategy: ConflictStrategy): Promise<AppliedDelta>;
  /**
   * Appends and projects `deltas` in order, plus the optional cursor, in one transaction: all of
   * it commits or none of it does. Every delta is validated before anything is written.
   */
  applyBatch(
    deltas: readonly Delta[],
    strategy: ConflictStrategy,
    options?: ApplyBatchOptions,
  ): Promise<AppliedDelta[]>;
}
