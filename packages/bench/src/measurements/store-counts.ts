import type { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';

/**
 * The store's record and event counts, through its public API (`query` and `eventCount`), in the
 * same shape the baselines report, so a run's details can be compared side by side.
 */
export async function storeCounts(store: SqliteMirrorStore): Promise<Record<string, number>> {
  const [row] = await store.query(
    'SELECT count(*) AS stateRows, coalesce(sum(deleted = 0), 0) AS liveRecords FROM mirror_record_state',
  );
  return {
    events: await store.eventCount(),
    stateRows: Number(row?.stateRows ?? 0),
    liveRecords: Number(row?.liveRecords ?? 0),
  };
}
