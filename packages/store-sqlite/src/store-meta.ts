import type { Database } from 'better-sqlite3';

/** The value stored under `key` in `mirror_meta` (see `schema/meta-keys.ts`), if any. */
export function readMeta(db: Database, key: string): string | undefined {
  return db.prepare('SELECT value FROM mirror_meta WHERE key = ?').pluck().get(key) as
    string | undefined;
}

/** Stores `value` under `key` in `mirror_meta`; inside a transaction, it rolls back with it. */
export function writeMeta(db: Database, key: string, value: string): void {
  db.prepare('INSERT OR REPLACE INTO mirror_meta (key, value) VALUES (?, ?)').run(key, value);
}
