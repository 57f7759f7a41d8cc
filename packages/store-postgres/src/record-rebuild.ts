import type pg from 'pg';
import type { ConflictStrategy, DeltaLimits, RebuildReport, StoredEvent } from '@oxide-mirror/core';
import { readEvents } from './event-reader';
import { RecordFolder } from './record-folder';

/** Events folded per round of reads and writes: bounded memory for any length of log. */
const CHUNK = 2000;

/**
 * Replays the whole log into `mirror_record_state` inside the caller's transaction, and so swaps
 * the new projection in atomically: until it commits, readers see the old records (MVCC), and
 * writers wait, since the rebuild holds the log's counter row from its first statement. Only
 * the records of one chunk are in memory at a time.
 */
export async function rebuildRecords(
  client: pg.PoolClient,
  strategy: ConflictStrategy,
  limits: DeltaLimits,
): Promise<RebuildReport> {
  const { rows } = await client.query<{ position: number }>(
    'SELECT position FROM mirror_log_head FOR UPDATE',
  );
  const head = (rows[0] as { position: number }).position;
  await client.query('DELETE FROM mirror_record_state');
  const folder = new RecordFolder(limits);
  let events = 0;
  let pending: StoredEvent[] = [];
  const foldPending = async (): Promise<void> => {
    await folder.load(
      client,
      pending.map((event) => event.delta),
    );
    for (const event of pending) {
      folder.decide(event.delta, event.position, strategy, event.recordedAt);
    }
    await folder.flush(client, 0);
    pending = [];
  };
  for await (const event of readEvents(client, { upToPosition: head })) {
    pending.push(event);
    events++;
    if (pending.length >= CHUNK) await foldPending();
  }
  await foldPending();
  await client.query(
    `INSERT INTO mirror_projections (name, position) VALUES ('mirror_records', $1)
      ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
    [head],
  );
  const counted = await client.query<{ n: number }>(
    'SELECT count(*) AS n FROM mirror_record_state WHERE NOT deleted',
  );
  return { events, records: counted.rows[0]?.n ?? 0, strategy: strategy.name };
}
