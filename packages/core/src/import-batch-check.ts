import type { DeltaLimits } from './delta-limits';
import { ImportRefusedError, InvalidDeltaError } from './errors';
import { normalizeInstant } from './instant';
import { prepareDelta } from './prepared-delta';
import { importedRejectColumnsOf, type RejectColumns } from './reject-entry';
import type { RejectedRecord } from './rejected-record';
import type { StoredCursor } from './store/cursor-store';
import type { ImportBatch } from './store/event-importer';
import type { StoredEvent } from './stored-event';
import { syncRunRowOf, type SyncRunRow } from './store/store-rows';
import type { SyncRun, SyncRunOutcome } from './store/sync-run-log';

/** An imported event, checked: its delta validated and its payload's JSON text, as a store logs it. */
export interface CheckedImportEvent {
  /** The event with its validated delta; `position` is still the original store's. */
  event: StoredEvent;
  /** The payload as canonical JSON text; `null` for a delete or an erased event. */
  payloadJson: string | null;
}

/** An imported reject with the columns a store writes for it. */
export interface CheckedImportReject {
  reject: RejectedRecord;
  columns: RejectColumns;
}

/** An {@link ImportBatch} every store can write as it is. */
export interface CheckedImport {
  events: CheckedImportEvent[];
  cursors: StoredCursor[];
  rejects: CheckedImportReject[];
  /** The runs as `sync_runs` rows, in the order given. */
  syncRuns: SyncRunRow[];
}

/** Event ids are SHA-1 hex digests (see `eventIdOf`); stores index their first digits. */
const EVENT_ID = /^[0-9a-f]{40}$/;

/**
 * Checks a batch to import before a store writes any of it, the same way in every store: events
 * in strictly increasing position order, each with a SHA-1 event id (no id twice), a valid delta,
 * a `recordedAt` that is a time, a positive schema version, and an erased event reading as a delete;
 * cursors, rejects and ended sync runs with their fields. Throws {@link ImportRefusedError} naming the first
 * problem.
 */
export function checkImportBatch(batch: ImportBatch, limits: DeltaLimits): CheckedImport {
  if (typeof batch !== 'object' || batch === null) {
    throw new ImportRefusedError('the batch must be an object with events, cursors or rejects');
  }
  return {
    events: checkEvents(batch.events ?? []),
    cursors: (batch.cursors ?? []).map(checkCursor),
    rejects: (batch.rejects ?? []).map(checkReject),
    syncRuns: (batch.syncRuns ?? []).map(checkSyncRun),
  };

  function checkEvents(events: readonly StoredEvent[]): CheckedImportEvent[] {
    const ids = new Set<string>();
    let previous = 0;
    return events.map((event, index) => {
      const where = `event #${index} (position ${String(event?.position)})`;
      if (!Number.isSafeInteger(event?.position) || event.position <= previous) {
        throw new ImportRefusedError(`${where}: positions must be integers in increasing order`);
      }
      previous = event.position;
      if (typeof event.eventId !== 'string' || !EVENT_ID.test(event.eventId)) {
        throw new ImportRefusedError(`${where}: the event id must be 40 hex digits`);
      }
      if (ids.has(event.eventId)) {
        throw new ImportRefusedError(`${where}: event ${event.eventId} is in the batch twice`);
      }
      ids.add(event.eventId);
      if (!Number.isSafeInteger(event.schemaVersion) || event.schemaVersion < 1) {
        throw new ImportRefusedError(`${where}: the schema version must be a positive integer`);
      }
      checkTime(event.recordedAt, `${where}: recordedAt`);
      const prepared = prepareEventDelta(event, where);
      if (event.redacted === true && prepared.payloadJson !== null) {
        throw new ImportRefusedError(`${where}: an erased event must read as a delete`);
      }
      return { event: { ...event, delta: prepared.delta }, payloadJson: prepared.payloadJson };
    });
  }

  function prepareEventDelta(event: StoredEvent, where: string) {
    try {
      return prepareDelta(event.delta, limits);
    } catch (error) {
      if (!(error instanceof InvalidDeltaError)) throw error;
      throw new ImportRefusedError(`${where}: ${error.field} ${error.problem}`);
    }
  }
}

function checkCursor(cursor: StoredCursor, index: number): StoredCursor {
  const where = `cursor #${index}`;
  for (const field of ['source', 'resource', 'cursor'] as const) {
    if (typeof cursor?.[field] !== 'string' || cursor[field] === '') {
      throw new ImportRefusedError(`${where}: ${field} must be non-empty text`);
    }
  }
  checkTime(cursor.updatedAt, `${where}: updatedAt`);
  return cursor;
}

function checkReject(reject: RejectedRecord, index: number): CheckedImportReject {
  const where = `reject #${index}`;
  if (typeof reject?.source !== 'string' || reject.source === '') {
    throw new ImportRefusedError(`${where}: source must be non-empty text`);
  }
  if (reject.kind !== 'delta' && reject.kind !== 'record') {
    throw new ImportRefusedError(`${where}: kind must be 'delta' or 'record'`);
  }
  if (typeof reject.reason !== 'string' || typeof reject.raw !== 'string') {
    throw new ImportRefusedError(`${where}: raw and reason must be text`);
  }
  checkTime(reject.rejectedAt, `${where}: rejectedAt`);
  try {
    return { reject, columns: importedRejectColumnsOf(reject) };
  } catch {
    throw new ImportRefusedError(`${where}: raw is not JSON text`);
  }
}

const ENDED_OUTCOMES = new Set<SyncRunOutcome>([
  'ok',
  'partial',
  'interrupted',
  'abandoned',
  'failed',
]);
const RUN_COUNTS = ['pages', 'pulled', 'applied', 'skipped', 'duplicates', 'rejected'] as const;

function checkSyncRun(run: SyncRun, index: number): SyncRunRow {
  const where = `sync run #${index} (id ${String(run?.id)})`;
  if (!Number.isSafeInteger(run?.id) || run.id < 1) {
    throw new ImportRefusedError(`${where}: the id must be a positive integer`);
  }
  if (typeof run.source !== 'string' || run.source === '') {
    throw new ImportRefusedError(`${where}: source must be non-empty text`);
  }
  // A running run's process writes its end to the original store, never to the copy.
  if (!ENDED_OUTCOMES.has(run.outcome)) {
    throw new ImportRefusedError(
      `${where}: a sync of ${run.source} has not ended (${String(run.outcome)}); copy once it has`,
    );
  }
  for (const count of RUN_COUNTS) {
    if (!Number.isSafeInteger(run[count]) || run[count] < 0) {
      throw new ImportRefusedError(`${where}: ${count} must be a count`);
    }
  }
  checkTime(run.startedAt, `${where}: startedAt`);
  if (run.finishedAt !== undefined) checkTime(run.finishedAt, `${where}: finishedAt`);
  if (typeof run.perResource !== 'object' || run.perResource === null) {
    throw new ImportRefusedError(`${where}: perResource must be an object`);
  }
  return syncRunRowOf(run);
}

/** Times are kept as they were written (the copy must compare equal), once known to be times. */
function checkTime(value: unknown, what: string): void {
  try {
    normalizeInstant(value, what);
  } catch {
    throw new ImportRefusedError(`${what} must be an ISO-8601 time, got ${String(value)}`);
  }
}
