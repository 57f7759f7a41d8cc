import type { Database } from 'better-sqlite3';
import { cachedStatement } from './statement-cache';

/** The value stored under `key` in `mirror_meta` (see `schema/meta-keys.ts`), if any. */
export function readMeta(db: Database, key: string): string | undefined {
  const row = cachedStatement(db, 'SELECT value FROM mirror_meta WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row?.value;
}

/** Stores `value` under `key` in `mirror_meta`; inside a transaction, it rolls back with it. */
export function writeMeta(db: Database, key: string, value: string): void {
  cachedStatement(db, 'INSERT OR REPLACE INTO mirror_meta (key, value) VALUES (?, ?)').run(
    key,
    value,
  );
}
