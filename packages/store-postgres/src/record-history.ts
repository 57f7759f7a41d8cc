import type pg from 'pg';
import {
  foldEvent,
  type ConflictStrategy,
  type Decision,
  type MirroredRecord,
  type StoredEvent,
} from '@oxide-mirror/core';
import { readEvents } from './event-reader';

/** One delta that reached a record, what was decided and what the record became. */
export interface RecordHistoryEntry {
  /** The logged event. */
  event: StoredEvent;
  /** The strategy's decision. */
  decision: Exclude<Decision, 'duplicate'>;
  /** The record's version after the event; undefined when it was skipped before any version. */
  version: number | undefined;
  /** The live record after the event; undefined while the record does not exist or is deleted. */
  record: MirroredRecord | undefined;
}

/**
 * Replays one record's events through `strategy`, in log order: a record's projection depends
 * only on its own events, so this gives exactly the decisions and versions the live projection
 * took. With `asOf`, only events that happened at or before it on the sources' clock.
 */
export async function replayRecord(
  pool: pg.Pool,
  strategy: ConflictStrategy,
  resource: string,
  recordId: string,
  asOf?: string,
): Promise<RecordHistoryEntry[]> {
  const entries: RecordHistoryEntry[] = [];
  let state: MirroredRecord | undefined;
  const filter =
    asOf === undefined ? { resource, recordId } : { resource, recordId, occurredAtOrBefore: asOf };
  for await (const event of readEvents(pool, filter)) {
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
