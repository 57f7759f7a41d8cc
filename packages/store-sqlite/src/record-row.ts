import { parseJson, type JsonObject, type MirroredRecord } from '@oxide-mirror/core';

/**
 * A record state with the values it shares with its event filled in, as {@link resolvedStatesSql}
 * reads it. `payload` is NULL in rows read without the event's payload when the state holds none.
 */
export interface RecordStateRow {
  resource: string;
  record_id: string;
  payload: string | null;
  source: string;
  confidence: number;
  version: number;
  occurred_at: string;
  last_synced_at: string;
  deleted: number;
  position: number;
}

/**
 * Record-state rows of `table` (`mirror_record_state` or a rebuild's side table) as
 * {@link RecordStateRow}s, aliased `s`: a state holds only what differs from the event at its
 * position (see `MirrorRecordStateTable`), the rest is read from the log by primary keys.
 * `withEventPayload` false leaves the event's payload unread (the caller reads it if needed).
 */
export function resolvedStatesSql(table: string, withEventPayload: boolean): string {
  const payload = withEventPayload ? 'coalesce(s.payload, l.payload)' : 's.payload';
  return `SELECT s.resource, s.record_id, ${payload} AS payload,
  coalesce(s.source, n.name) AS source, coalesce(s.confidence, l.confidence) AS confidence,
  s.version, coalesce(s.occurred_at, l.occurred_at) AS occurred_at,
  coalesce(s.last_synced_at, b.recorded_at) AS last_synced_at, s.deleted, s.position
  FROM ${table} s LEFT JOIN mirror_log l ON l.position = s.position
  LEFT JOIN mirror_names n ON n.id = l.source_id LEFT JOIN mirror_batches b ON b.id = l.batch`;
}

function parsePayload(json: string | null): JsonObject | null {
  return json === null ? null : (parseJson(json) as JsonObject);
}

/** The record a row holds, with its payload parsed. */
export function recordFromRow(row: RecordStateRow): MirroredRecord {
  return {
    resource: row.resource,
    recordId: row.record_id,
    payload: parsePayload(row.payload),
    source: row.source,
    confidence: row.confidence,
    version: row.version,
    occurredAt: row.occurred_at,
    lastSyncedAt: row.last_synced_at,
    deleted: row.deleted === 1,
  };
}

/**
 * The record a row holds, reading and parsing its payload only if a strategy reads it: most
 * strategies decide on times or confidence alone, and parsing is the largest per-delta cost after
 * SQLite. A row without its own payload takes it from `eventPayload` (its event's, in the log).
 * The payload is an own enumerable getter, so spreading or cloning the record still copies it.
 */
export function lazyRecordFromRow(
  row: RecordStateRow,
  eventPayload: () => string | null = () => null,
): MirroredRecord {
  let parsed: JsonObject | null | undefined;
  return {
    resource: row.resource,
    recordId: row.record_id,
    get payload(): JsonObject | null {
      if (parsed === undefined) parsed = parsePayload(row.payload ?? eventPayload());
      return parsed;
    },
    source: row.source,
    confidence: row.confidence,
    version: row.version,
    occurredAt: row.occurred_at,
    lastSyncedAt: row.last_synced_at,
    deleted: row.deleted === 1,
  };
}
