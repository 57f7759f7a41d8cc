import {
  foldEvent,
  type ConflictStrategy,
  type RecordHistoryEntry,
  type MirroredRecord,
} from '@oxide-mirror/core';
import type { EventReader } from './event-reader';

/**
 * Replays one record's events through `strategy`, in log order. A record's projection depends
 * only on its own events, so this gives exactly the decisions and versions the live projection
 * took (with the same strategy), without storing anything per event beyond the log itself.
 * With `asOf`, only events that happened at or before it on the sources' clock are replayed.
 */
export async function replayRecord(
  reader: EventReader,
  strategy: ConflictStrategy,
  resource: string,
  recordId: string,
  asOf?: string,
): Promise<RecordHistoryEntry[]> {
  const entries: RecordHistoryEntry[] = [];
  let state: MirroredRecord | undefined;
  const filter =
    asOf === undefined ? { resource, recordId } : { resource, recordId, occurredAtOrBefore: asOf };
  for await (const event of reader.events(filter)) {
    const { resolution, record } = foldEvent(strategy, state, event.delta, event.recordedAt);
    state = record;
    const decision =
      resolution.kind === 'skip' ? 'skipped' : resolution.kind === 'merge' ? 'merged' : 'applied';
    entries.push({
      event,
      decision,
      version: state?.version,
      record: state?.deleted ? undefined : state,
    });
  }
  return entries;
}
