import { parseJson, type JsonObject, type MirroredRecord } from '@oxide-mirror/core';

/** A row of `mirror_record_state` joined to its event's payload, as the store reads it. */
export interface RecordStateRow {
  resource: string;
  record_id: string;
  /** The record's own payload (a merge made it), else null. */
  payload: string | null;
  /** The payload of the event at `position`, read when the row has none of its own. */
  event_payload: string | null;
  source: string;
  confidence: number;
  version: number;
  occurred_at: string;
  last_synced_at: string;
  deleted: boolean;
  position: number;
}

/**
 * Record-state rows with their payload: the state's own (a merge) or else its event's, through
 * the log's primary key.
 */
export const RECORD_STATE_SELECT = `SELECT s.resource, s.record_id, s.payload, s.source,
  s.confidence, s.version, s.occurred_at, s.last_synced_at, s.deleted, s.position,
  CASE WHEN s.payload IS NULL THEN e.payload END AS event_payload
  FROM mirror_record_state s LEFT JOIN mirror_events e ON e.position = s.position`;

/**
 * The record a row holds. Its payload is parsed on first read only: most strategies decide on
 * times or confidence alone. The payload is an own enumerable getter, so spreading or cloning
 * the record still copies it.
 */
export function recordFromRow(row: RecordStateRow): MirroredRecord {
  let parsed: JsonObject | null | undefined;
  return {
    resource: row.resource,
    recordId: row.record_id,
    get payload(): JsonObject | null {
      if (parsed === undefined) {
        const json = row.payload ?? row.event_payload;
        parsed = row.deleted || json === null ? null : (parseJson(json) as JsonObject);
      }
      return parsed;
    },
    source: row.source,
    confidence: row.confidence,
    version: row.version,
    occurredAt: row.occurred_at,
    lastSyncedAt: row.last_synced_at,
    deleted: row.deleted,
  };
}

/** A live (not deleted) record with its payload read now. */
export function liveRecordFromRow(row: RecordStateRow): MirroredRecord {
  return { ...recordFromRow(row) };
}
