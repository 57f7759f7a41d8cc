import type { Database } from 'better-sqlite3';

/**
 * The store's tables written by hand, in the same shape (see `schema/migrations.ts` in
 * store-sqlite): an integer-keyed event log with append-only triggers and a `WITHOUT ROWID`
 * record-state table keyed by resource and record id.
 */
const EVENTS_TABLE = `
CREATE TABLE mirror_events (
  position INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL,
  event_key INTEGER NOT NULL,
  source TEXT NOT NULL,
  resource TEXT NOT NULL,
  record_id TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
  payload TEXT,
  confidence REAL NOT NULL,
  occurred_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  schema_version INTEGER NOT NULL
);
CREATE TRIGGER mirror_events_no_update BEFORE UPDATE ON mirror_events
  BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER mirror_events_no_delete BEFORE DELETE ON mirror_events
  BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TABLE mirror_projections (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
CREATE TABLE mirror_cursors (
  source TEXT NOT NULL,
  resource TEXT NOT NULL,
  cursor TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (source, resource)
);`;

/** The store's dedupe index: record plus the first 48 bits of the content hash. */
const DEDUPE_INDEX =
  'CREATE INDEX mirror_events_by_record ON mirror_events (resource, record_id, event_key)';

/** A record-state table named `table`, shaped like `mirror_record_state`. */
export function recordStateTableSql(table: string): string {
  return `CREATE TABLE ${table} (
  resource TEXT NOT NULL,
  record_id TEXT NOT NULL,
  payload TEXT,
  source TEXT NOT NULL,
  confidence REAL NOT NULL,
  version INTEGER NOT NULL,
  occurred_at TEXT NOT NULL,
  last_synced_at TEXT NOT NULL,
  deleted INTEGER NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (resource, record_id)
) WITHOUT ROWID`;
}

/** Creates the log and `mirror_record_state`; `dedupe` adds the store's dedupe index. */
export function createRawSchema(db: Database, options: { dedupe: boolean }): void {
  db.exec(EVENTS_TABLE);
  if (options.dedupe) db.exec(DEDUPE_INDEX);
  db.exec(recordStateTableSql('mirror_record_state'));
}
