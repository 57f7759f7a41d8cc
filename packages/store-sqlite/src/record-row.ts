import { parseJson, type JsonObject, type MirroredRecord } from '@oxide-mirror/core';
import type { MirrorRecordStateTable } from './schema/database';

/** A row of `mirror_record_state` as better-sqlite3 returns it. */
export type RecordStateRow = MirrorRecordStateTable;

/**
 * Record-state rows with their payload: the state's own (a merge) or else its event's. The LEFT
 * JOIN on the log's primary key costs one probe, and SQLite drops it when no payload is read.
 */
export const RECORD_STATE_WITH_PAYLOAD = `SELECT s.resource, s.record_id,
  coalesce(s.payload, e.payload) AS payload, s.source, s.confidence, s.version, s.occurred_at,
  s.last_synced_at, s.deleted, s.position
  FROM mirror_record_state s LEFT JOIN mirror_events e ON e.position = s.position`;

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
