import type { ConflictStrategy } from '../conflict-strategy';
import type { RejectedRecord } from '../rejected-record';
import type { StoredEvent } from '../stored-event';
import type { StoredCursor } from './cursor-store';
import type { SyncRun } from './sync-run-log';

/**
 * Another mirror's log, cursors and rejects, as {@link EventImporter.importBatch} writes them.
 * Every field is optional: a copy sends its events in batches, then its cursors, rejects and
 * sync runs.
 */
export interface ImportBatch {
  /**
   * Events as another store's `readEvents` gave them, in its log order (strictly increasing
   * `position`). They keep their identity — event id, delta (source, confidence, `occurredAt`),
   * `recordedAt`, schema version and redaction — and get this store's positions, in that order.
   */
  events?: readonly StoredEvent[];
  /** Cursors, kept with their `updatedAt`; one already stored for its source and resource is replaced. */
  cursors?: readonly StoredCursor[];
  /**
   * Rejects, oldest first, kept with their raw text, reason and `rejectedAt`; they get this
   * store's ids. One whose raw record the store already keeps for its source is left as it is.
   */
  rejects?: readonly RejectedRecord[];
  /**
   * Finished sync runs, kept with their ids, times and counts, so the copy's sync history reads
   * as the original's; a run whose id the store already holds is left as it is. Runs started
   * here afterwards get higher ids.
   */
  syncRuns?: readonly SyncRun[];
}

/**
 * Writing events that already have their identity, to move a mirror from one store to another
 * (`oxide-mirror copy`). Unlike a sync, nothing is new: the events keep the ids, times and
 * redaction they were logged with, and `mirror_records` is projected from them with `strategy`
 * exactly as the live log was, so the copy's records equal the original's.
 */
export interface EventImporter {
  /**
   * Appends `batch.events` after the log's head and projects them with `strategy`, and stores
   * the cursors, rejects and sync runs — all in one transaction. The strategy is checked like a batch's
   * (`StrategyMismatchError`). Refused with `ImportRefusedError`, before anything is written,
   * when an event is invalid, out of order, or already in the log: an import never merges two
   * logs.
   */
  importBatch(batch: ImportBatch, strategy: ConflictStrategy): Promise<void>;
}
