import type pg from 'pg';
import {
  ImportRefusedError,
  type AppliedDelta,
  type CheckedImport,
  type ConflictStrategy,
  type DeltaLimits,
  type StoredEvent,
} from '@oxide-mirror/core';
import { appendWithPositions, lockRecords, type BatchResult } from './batch-writer';
import { upsertCursor } from './cursor-table';
import { RecordFolder } from './record-folder';
import { addImportedRejects } from './reject-log';
import type { SyncRunTable } from './sync-run-table';

/**
 * Writes another mirror's events, cursors, rejects and sync runs inside the caller's transaction, the way
 * a batch is written (records locked, decided in memory, positions taken last), except that
 * each event keeps its id, `recordedAt`, schema version and redaction, and an id the log
 * already holds refuses the import.
 */
export async function importChecked(
  client: pg.PoolClient,
  checked: CheckedImport,
  strategy: ConflictStrategy,
  context: { limits: DeltaLimits; runs: SyncRunTable },
): Promise<BatchResult> {
  const imported = checked.events;
  const events: StoredEvent[] = imported.map(({ event }) => ({ ...event }));
  const outcomes: AppliedDelta[] = [];
  if (events.length > 0) {
    await refuseLogged(client, events);
    const deltas = events.map((event) => event.delta);
    await lockRecords(client, deltas);
    const folder = new RecordFolder(context.limits);
    await folder.load(client, deltas);
    events.forEach((event, index) =>
      outcomes.push(folder.decide(event.delta, index, strategy, event.recordedAt)),
    );
    const json = new Map(imported.map(({ event, payloadJson }) => [event.eventId, payloadJson]));
    await appendWithPositions(
      client,
      events,
      outcomes,
      folder,
      (event) => json.get(event.eventId) ?? null,
    );
  }
  await addImportedRejects(client, checked.rejects);
  for (const { updatedAt, ...cursor } of checked.cursors) {
    await upsertCursor(client, cursor, updatedAt);
  }
  await context.runs.importRuns(client, checked.syncRuns);
  return { outcomes, events };
}

/** An import never merges two logs: an event already logged refuses it. */
async function refuseLogged(client: pg.PoolClient, events: readonly StoredEvent[]): Promise<void> {
  const { rows } = await client.query<{ event_id: string }>({
    name: 'oxide_mirror_logged_ids',
    text: 'SELECT event_id FROM mirror_events WHERE event_id = ANY($1::text[])',
    values: [events.map((event) => event.eventId)],
  });
  const first = rows[0];
  if (first !== undefined) {
    throw new ImportRefusedError(`event ${first.event_id} is already in the log`);
  }
}
