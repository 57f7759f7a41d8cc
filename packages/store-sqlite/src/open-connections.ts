import Database from 'better-sqlite3';

/**
 * The store's connections to one database. For a file, `reader` is a second connection opened
 * read-only; for an in-memory database (which one connection owns) it is the writer itself,
 * switched to `query_only` while a query runs.
 */
export interface Connections {
  writer: Database.Database;
  reader: Database.Database;
}

/** Opens the writer and the reader; a file uses WAL so that readers never block the writer. */
export function openConnections(path: string | undefined, busyTimeoutMs: number): Connections {
  if (path === undefined) {
    const writer = new Database(':memory:', { timeout: busyTimeoutMs });
    return { writer, reader: writer };
  }
  const writer = new Database(path, { timeout: busyTimeoutMs });
  writer.pragma('journal_mode = WAL');
  writer.pragma('synchronous = NORMAL');
  return { writer, reader: openReader(path, busyTimeoutMs) };
}

/** A read-only connection to an existing database file. */
export function openReader(path: string, busyTimeoutMs: number): Database.Database {
  const reader = new Database(path, {
    readonly: true,
    fileMustExist: true,
    timeout: busyTimeoutMs,
  });
  reader.pragma('query_only = ON');
  return reader;
}
