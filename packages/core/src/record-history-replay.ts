import type { ConflictStrategy } from './conflict-strategy';
import type { MirroredRecord } from './mirrored-record';
import { foldEvent } from './record-transition';
import type { RecordHistoryEntry } from './store/projection-replay';
import type { StoredEvent } from './stored-event';

/**
 * Replays one record's events (in log order) through `strategy`. A record's projection depends
 * only on its own events, so this gives exactly the decisions and versions the live projection
 * took with the same strategy, without storing anything per event beyond the log itself. Every
 * store's `history` and `recordAt` read their events and hand them here.
 */
export async function replayRecordHistory(
  events: AsyncIterable<StoredEvent> | Iterable<StoredEvent>,
  strategy: ConflictStrategy,
): Promise<RecordHistoryEntry[]> {
  const entries: RecordHistoryEntry[] = [];
  let state: MirroredRecord | undefined;
  for await (const event of events) {
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
