import type { Database } from 'better-sqlite3';
import type { Projection } from '@oxide-mirror/core';

/** What the SQLite store gives its projections: the write connection, inside its transaction. */
export interface SqliteProjectionContext {
  /** The store's write connection; every call happens inside a transaction. */
  db: Database;
}

/** A projection the SQLite store feeds, checkpoints, catches up and rebuilds. */
export type SqliteProjection = Projection<SqliteProjectionContext>;
