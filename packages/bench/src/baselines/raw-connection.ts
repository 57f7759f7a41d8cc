import Database from 'better-sqlite3';

/**
 * Opens a baseline's writing connection the way a careful engineer would by hand: SQLite's
 * default settings (as better-sqlite3 builds it) plus `journal_mode = WAL`, and nothing else.
 * The baselines stand for that floor; the store may tune any pragma that keeps its durability
 * promise, so they do not copy the store's settings (a setting that helps both would otherwise
 * hide the store's gain).
 */
export function openRawWriter(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  return db;
}

/** Opens a read-only connection to an existing file, like the store's query connection. */
export function openRawReader(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('query_only = ON');
  return db;
}
