import type { Database } from 'better-sqlite3';
import type { StoredCursor } from '@oxide-mirror/core';

const CURSORS = `SELECT source, resource, cursor, updated_at AS updatedAt FROM mirror_cursors
  WHERE @source IS NULL OR source = @source ORDER BY source, resource`;

const RECORD_IDS =
  'SELECT record_id FROM mirror_records WHERE resource = ? AND source = ? ORDER BY record_id';

/** The names in `mirror_resources`, in no particular order. */
export function resourceNames(db: Database): string[] {
  return db.prepare('SELECT name FROM mirror_resources').pluck().all() as string[];
}

/** The stored cursors, of one source or all. */
export function listCursors(db: Database, source: string | undefined): StoredCursor[] {
  return db.prepare(CURSORS).all({ source: source ?? null }) as StoredCursor[];
}

/**
 * Ids of the live records of `resource` whose latest change came from `source`: what a source
 * has mirrored (records another source owns are never deleted by this one).
 */
export function knownRecordIds(db: Database, resource: string, source: string): string[] {
  return db.prepare(RECORD_IDS).pluck().all(resource, source) as string[];
}
