import type pg from 'pg';
import {
  replayRecordHistory,
  type ConflictStrategy,
  type RecordHistoryEntry,
} from '@oxide-mirror/core';
import { readEvents } from './event-reader';

/**
 * Replays one record's events through `strategy`, in log order (see `replayRecordHistory`).
 * With `asOf`, only events that happened at or before it on the sources' clock.
 */
export async function replayRecord(
  pool: pg.Pool,
  strategy: ConflictStrategy,
  resource: string,
  recordId: string,
  asOf?: string,
): Promise<RecordHistoryEntry[]> {
  const filter =
    asOf === undefined ? { resource, recordId } : { resource, recordId, occurredAtOrBefore: asOf };
  return replayRecordHistory(readEvents(pool, filter), strategy);
}
