import type { Database } from 'better-sqlite3';
import {
  MirrorError,
  type Clock,
  type ConflictStrategy,
  type RedactionReport,
} from '@oxide-mirror/core';
import type { EventReader } from './event-reader';
import { RECORD_STATE_TABLE, type RecordProjection } from './record-projection';

/** What a redaction works with. */
export interface RedactionContext {
  db: Database;
  clock: Clock;
  reader: EventReader;
  records: RecordProjection;
}

/**
 * The one sanctioned change to the log: erases the payloads of every event of one record (for a
 * deletion request), leaving an audit entry. The log's trigger allows exactly this update and only
 * while the audit entry is open. Erased upserts read as deletes from then on, and the record is
 * re-projected from its events, so a rebuild gives the same table. The event ids stay: a source
 * re-sending the erased data is recognised as a duplicate and does not bring it back.
 */
export function redactRecord(
  context: RedactionContext,
  strategy: ConflictStrategy,
  resource: string,
  recordId: string,
  reason: string,
): RedactionReport {
  const { db, clock } = context;
  return db
    .transaction((): RedactionReport => {
      const requestedAt = clock.now().toISOString();
      const auditId = Number(
        db
          .prepare(
            `INSERT INTO mirror_audit (action, resource, record_id, reason, requested_at)
             VALUES ('redact', ?, ?, ?, ?)`,
          )
          .run(resource, recordId, reason, requestedAt).lastInsertRowid,
      );
      const eventsRedacted = db
        .prepare(
          `UPDATE mirror_log SET payload = NULL, redacted = 1
           WHERE resource_id = (SELECT id FROM mirror_names WHERE name = ?) AND record_id = ?
             AND redacted = 0`,
        )
        .run(resource, recordId).changes;
      reprojectRecord(context, strategy, resource, recordId);
      db.prepare('UPDATE mirror_audit SET completed_at = ?, events_affected = ? WHERE id = ?').run(
        clock.now().toISOString(),
        eventsRedacted,
        auditId,
      );
      return { auditId, eventsRedacted };
    })
    .immediate();
}

/** Checkpoint attempts while readers still hold old frames of the WAL. */
const CHECKPOINT_ATTEMPTS = 50;

/**
 * Removes every leftover copy of erased values from the file and its WAL. Deleted and
 * overwritten values stay in free pages and in the unused space of pages (and older page images
 * stay in the WAL) until overwritten, so the database is rebuilt (`VACUUM`: only live content
 * is copied), then the WAL is checkpointed into it and truncated to zero bytes. Readers that
 * still hold old WAL frames are waited for, a few milliseconds at a time.
 */
export async function scrubErasedValues(db: Database): Promise<void> {
  db.exec('VACUUM');
  for (let attempt = 1; ; attempt++) {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (result?.busy === 0) return;
    if (attempt === CHECKPOINT_ATTEMPTS) {
      throw new MirrorError(
        'STORE_BUSY',
        'the record was redacted, but readers kept old copies in the WAL; run the redaction again when they are done',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Projects one record again from its events, as a rebuild would. */
function reprojectRecord(
  context: RedactionContext,
  strategy: ConflictStrategy,
  resource: string,
  recordId: string,
): void {
  context.db
    .prepare(`DELETE FROM ${RECORD_STATE_TABLE} WHERE resource = ? AND record_id = ?`)
    .run(resource, recordId);
  for (const events of context.reader.projectableChunks({ resource, recordId }, 1000)) {
    for (const event of events) context.records.apply(event, strategy);
  }
}
