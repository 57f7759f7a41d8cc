import Database from 'better-sqlite3';

/**
 * Opens a baseline's writing connection with the pragmas the store's writer uses
 * (`open-connections.ts` in store-sqlite: WAL and `synchronous = NORMAL`), so the baselines
 * and the project pay for the same durability.
 */
export function openRawWriter(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}

/** Opens a read-only connection to an existing file, like the store's query connection. */
export function openRawReader(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('query_only = ON');
  return db;
}
