import { parseJson, type JsonObject, type MirroredRecord } from '@oxide-mirror/core';
import type { MirrorRecordStateTable } from './schema/database';

/** A row of `mirror_record_state` as better-sqlite3 returns it. */
export type RecordStateRow = MirrorRecordStateTable;

function parsePayload(json: string | null): JsonObject | null {
  return json === null ? null : (parseJson(json) as JsonObject);
}

/** The record a row holds, with its payload parsed (spreading reads the lazy payload now). */
export function recordFromRow(row: RecordStateRow): MirroredRecord {
  return { ...lazyRecordFromRow(row) };
}

/**
 * The record a row holds, parsing its payload only if a strategy reads it: most strategies
 * decide on times or confidence alone, and parsing is the largest per-delta cost after SQLite.
 * The payload is an own enumerable getter, so spreading or cloning the record still copies it.
 */
export function lazyRecordFromRow(row: RecordStateRow): MirroredRecord {
  let parsed: JsonObject | null | undefined;
  return {
    resource: row.resource,
    recordId: row.record_id,
    get payload(): JsonObject | null {
      if (parsed === undefined) parsed = parsePayload(row.payload);
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
