import type { Database, Statement } from 'better-sqlite3';

/**
 * The schema version (SQLite's schema cookie) a read-only connection sees, used inside a read
 * transaction to know which schema a statement is compiled and run against. SQLite notices that
 * another connection changed the schema (a resource view re-created) only when a statement
 * steps: until then `prepare` compiles against the connection's old copy and `columns()` lists
 * the old view's columns. {@link refreshed} steps a statement first, so the copy is current.
 */
export class SchemaVersion {
  private readonly cookie: Statement;
  private readonly touch: Statement;

  constructor(db: Database) {
    this.cookie = db.prepare('PRAGMA schema_version').pluck();
    this.touch = db.prepare('SELECT 1 FROM sqlite_schema LIMIT 1').pluck();
  }

  /** The version in the database file, as of the current read transaction. */
  read(): number {
    return this.cookie.get() as number;
  }

  /** {@link read}, after bringing the connection's copy of the schema up to that version. */
  refreshed(): number {
    this.touch.get();
    return this.read();
  }
}
