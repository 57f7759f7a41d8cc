import {
  replayRecordHistory,
  type ConflictStrategy,
  type RecordHistoryEntry,
} from '@oxide-mirror/core';
import type { EventReader } from './event-reader';

/**
 * Replays one record's events through `strategy`, in log order (see `replayRecordHistory`).
 * With `asOf`, only events that happened at or before it on the sources' clock are replayed.
 */
export async function replayRecord(
  reader: EventReader,
  strategy: ConflictStrategy,
  resource: string,
  recordId: string,
  asOf?: string,
): Promise<RecordHistoryEntry[]> {
  const filter =
    asOf === undefined ? { resource, recordId } : { resource, recordId, occurredAtOrBefore: asOf };
  return replayRecordHistory(reader.events(filter), strategy);
}
