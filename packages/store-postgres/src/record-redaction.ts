import type pg from 'pg';
import type { Clock, ConflictStrategy, DeltaLimits, RedactionReport } from '@oxide-mirror/core';
import { readEvents } from './event-reader';
import { RecordFolder } from './record-folder';

/**
 * Erases the payload of every event of one record — the only change the log's guard accepts,
 * and only while this open `redact` entry in `mirror_audit` names the record — then projects
 * the record again from its (now erased) events, which read as deletes, and completes the
 * audit entry. All in the caller's transaction, holding the log's counter row, so no batch
 * can interleave.
 */
export async function redactRecord(
  client: pg.PoolClient,
  context: { clock: Clock; limits: DeltaLimits; strategy: ConflictStrategy },
  resource: string,
  recordId: string,
  reason: string,
): Promise<RedactionReport> {
  await client.query('SELECT position FROM mirror_log_head FOR UPDATE');
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO mirror_audit (action, resource, record_id, reason, requested_at)
      VALUES ('redact', $1, $2, $3, $4) RETURNING id`,
    [resource, recordId, reason, context.clock.now().toISOString()],
  );
  const auditId = (rows[0] as { id: number }).id;
  const erased = await client.query(
    `UPDATE mirror_events SET payload = NULL, redacted = true
      WHERE resource = $1 AND record_id = $2 AND NOT redacted`,
    [resource, recordId],
  );
  await client.query('DELETE FROM mirror_record_state WHERE resource = $1 AND record_id = $2', [
    resource,
    recordId,
  ]);
  const folder = new RecordFolder(context.limits);
  for await (const event of readEvents(client, { resource, recordId })) {
    folder.decide(event.delta, event.position, context.strategy, event.recordedAt);
  }
  await folder.flush(client, 0);
  const eventsRedacted = erased.rowCount ?? 0;
  await client.query(
    'UPDATE mirror_audit SET completed_at = $1, events_affected = $2 WHERE id = $3',
    [context.clock.now().toISOString(), eventsRedacted, auditId],
  );
  return { auditId, eventsRedacted };
}

/**
 * Removes the erased values from the tables' files: VACUUM frees the dead row versions that
 * still hold them (it cannot run inside a transaction, so it follows the redaction's commit).
 * Copies in the server's WAL and backups age out with them, as the server is configured.
 */
export async function scrubErasedValues(pool: pg.Pool): Promise<void> {
  await pool.query('VACUUM mirror_events, mirror_record_state');
}
