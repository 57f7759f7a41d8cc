import type { Database, Statement } from 'better-sqlite3';

/** The fields of an event the hand-written projection needs. */
export interface RawEvent {
  source: string;
  resource: string;
  recordId: string;
  op: 'upsert' | 'delete';
  payload: string | null;
  confidence: number;
  occurredAt: string;
  recordedAt: string;
  position: number;
}

/** A row of a record-state table. */
interface StateRow {
  payload: string | null;
  version: number;
  occurred_at: string;
  deleted: number;
}

/**
 * Hand-written last-write-wins projection into a record-state table: read the record, skip the
 * event if it is older, otherwise upsert with the next version. The read takes the whole row,
 * as the store must (a strategy may look at any field), with plain positional parameters.
 */
export class RawLwwProjector {
  private readonly read: Statement;
  private readonly upsert: Statement;

  constructor(db: Database, table: string) {
    this.read = db.prepare(`SELECT * FROM ${table} WHERE resource = ? AND record_id = ?`);
    this.upsert = db.prepare(`INSERT INTO ${table} (resource, record_id, payload, source,
  confidence, version, occurred_at, last_synced_at, deleted, position)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (resource, record_id) DO UPDATE SET payload = excluded.payload,
  source = excluded.source, confidence = excluded.confidence, version = excluded.version,
  occurred_at = excluded.occurred_at, last_synced_at = excluded.last_synced_at,
  deleted = excluded.deleted, position = excluded.position`);
  }

  /** Projects one event; true when it changed the record, false when it was older and skipped. */
  apply(event: RawEvent): boolean {
    const current = this.read.get(event.resource, event.recordId) as StateRow | undefined;
    if (current !== undefined && event.occurredAt < current.occurred_at) return false;
    this.upsert.run(
      event.resource,
      event.recordId,
      event.payload,
      event.source,
      event.confidence,
      (current?.version ?? 0) + 1,
      event.occurredAt,
      event.recordedAt,
      event.op === 'delete' ? 1 : 0,
      event.position,
    );
    return true;
  }
}
