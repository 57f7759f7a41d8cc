import type pg from 'pg';
import { compareInstants, parseJson, type JsonObject, type StoredEvent } from '@oxide-mirror/core';

/** Which events to read. Every field narrows the selection; events always come in log order. */
export interface EventFilter {
  /** Only events after this log position (exclusive). */
  afterPosition?: number;
  /** Only events up to this log position (inclusive). */
  upToPosition?: number;
  source?: string;
  resource?: string;
  /** Only events of this record; use together with `resource`. */
  recordId?: string;
  /** Only events whose `occurredAt` is at or before this ISO-8601 time. */
  occurredAtOrBefore?: string;
  /** Stop after this many events. */
  limit?: number;
}

/** A row of `mirror_events`. */
interface EventRow {
  position: number;
  event_id: string;
  source: string;
  resource: string;
  record_id: string;
  op: 'upsert' | 'delete';
  payload: string | null;
  confidence: number;
  occurred_at: string;
  recorded_at: string;
  schema_version: number;
  redacted: boolean;
}

/** Events read per round trip: bounded memory for any length of log. */
const CHUNK = 2000;

/** The stored event a row holds; an erased upsert has no data left and reads as a delete. */
function eventFromRow(row: EventRow): StoredEvent {
  const event: StoredEvent = {
    position: row.position,
    eventId: row.event_id,
    delta: {
      resource: row.resource,
      recordId: row.record_id,
      op: row.redacted ? 'delete' : row.op,
      payload: row.payload === null ? null : (parseJson(row.payload) as JsonObject),
      occurredAt: row.occurred_at,
      provenance: { source: row.source, confidence: row.confidence },
    },
    recordedAt: row.recorded_at,
    schemaVersion: row.schema_version,
  };
  if (row.redacted) event.redacted = true;
  return event;
}

/**
 * The log's events matching `filter`, in log order, read chunk by chunk (keyset pagination on
 * the position). Only committed events are read, and positions are handed out in commit order,
 * so a reader that has passed position N never meets a later event below it.
 */
export async function* readEvents(
  pool: pg.Pool | pg.PoolClient,
  filter: EventFilter = {},
): AsyncGenerator<StoredEvent> {
  let after = filter.afterPosition ?? 0;
  let left = filter.limit ?? Number.POSITIVE_INFINITY;
  while (left > 0) {
    const { rows } = await pool.query<EventRow>({
      name: 'oxide_mirror_read_events',
      text: `SELECT position, event_id, source, resource, record_id, op, payload, confidence,
          occurred_at, recorded_at, schema_version, redacted
        FROM mirror_events
        WHERE position > $1 AND ($2::bigint IS NULL OR position <= $2)
          AND ($3::text IS NULL OR source = $3) AND ($4::text IS NULL OR resource = $4)
          AND ($5::text IS NULL OR record_id = $5)
        ORDER BY position LIMIT $6`,
      values: [
        after,
        filter.upToPosition ?? null,
        filter.source ?? null,
        filter.resource ?? null,
        filter.recordId ?? null,
        CHUNK,
      ],
    });
    for (const row of rows) {
      after = row.position;
      const until = filter.occurredAtOrBefore;
      if (until !== undefined && compareInstants(row.occurred_at, until) > 0) continue;
      yield eventFromRow(row);
      if (--left === 0) return;
    }
    if (rows.length < CHUNK) return;
  }
}
