import { sql, type Kysely, type Migration } from 'kysely';
import { LEGACY_IDENTITY_HEAD } from './meta-keys';

/** Name of the table in which Kysely's migrator records the applied migrations. */
export const MIGRATION_TABLE = 'mirror_migrations';
/** Name of the migrator's lock table. */
export const MIGRATION_LOCK_TABLE = 'mirror_migrations_lock';

const initialSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('mirror_events')
      .addColumn('position', 'integer', (column) => column.primaryKey())
      .addColumn('event_id', 'text', (column) => column.notNull())
      .addColumn('event_key', 'integer', (column) => column.notNull())
      .addColumn('source', 'text', (column) => column.notNull())
      .addColumn('resource', 'text', (column) => column.notNull())
      .addColumn('record_id', 'text', (column) => column.notNull())
      .addColumn('op', 'text', (column) => column.notNull().check(sql`op in ('upsert', 'delete')`))
      .addColumn('payload', 'text')
      .addColumn('confidence', 'real', (column) => column.notNull())
      .addColumn('occurred_at', 'text', (column) => column.notNull())
      .addColumn('recorded_at', 'text', (column) => column.notNull())
      .addColumn('schema_version', 'integer', (column) => column.notNull())
      .execute();
    // One index serves both dedupe (a re-sent delta has the same record and key) and a record's
    // history; a small integer key keeps it far cheaper than a unique index on the full hash.
    await db.schema
      .createIndex('mirror_events_by_record')
      .on('mirror_events')
      .columns(['resource', 'record_id', 'event_key'])
      .execute();
    // The log is the source of truth: the database itself refuses to rewrite it.
    await sql`CREATE TRIGGER mirror_events_no_update BEFORE UPDATE ON mirror_events
      BEGIN SELECT RAISE(ABORT, 'mirror_events is append-only: events cannot be updated'); END`.execute(
      db,
    );
    await sql`CREATE TRIGGER mirror_events_no_delete BEFORE DELETE ON mirror_events
      BEGIN SELECT RAISE(ABORT, 'mirror_events is append-only: events cannot be deleted'); END`.execute(
      db,
    );

    await db.schema
      .createTable('mirror_record_state')
      .addColumn('resource', 'text', (column) => column.notNull())
      .addColumn('record_id', 'text', (column) => column.notNull())
      .addColumn('payload', 'text')
      .addColumn('source', 'text', (column) => column.notNull())
      .addColumn('confidence', 'real', (column) => column.notNull())
      .addColumn('version', 'integer', (column) => column.notNull())
      .addColumn('occurred_at', 'text', (column) => column.notNull())
      .addColumn('last_synced_at', 'text', (column) => column.notNull())
      .addColumn('deleted', 'integer', (column) => column.notNull())
      .addColumn('position', 'integer', (column) => column.notNull())
      .addPrimaryKeyConstraint('mirror_record_state_pk', ['resource', 'record_id'])
      .modifyEnd(sql`WITHOUT ROWID`)
      .execute();
    await db.schema
      .createView('mirror_records')
      .as(
        db
          .selectFrom('mirror_record_state' as never)
          .select([
            'resource',
            'record_id',
            'payload',
            'source',
            'confidence',
            'version',
            'occurred_at',
            'last_synced_at',
          ] as never[])
          .where(sql.ref('deleted'), '=', sql.lit(0)),
      )
      .execute();

    await db.schema
      .createTable('mirror_cursors')
      .addColumn('source', 'text', (column) => column.notNull())
      .addColumn('resource', 'text', (column) => column.notNull())
      .addColumn('cursor', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('mirror_cursors_pk', ['source', 'resource'])
      .execute();
    await db.schema
      .createTable('mirror_resources')
      .addColumn('name', 'text', (column) => column.primaryKey())
      .execute();
    await db.schema
      .createTable('mirror_projections')
      .addColumn('name', 'text', (column) => column.primaryKey())
      .addColumn('position', 'integer', (column) => column.notNull())
      .execute();
  },
};

/**
 * Source locks (one sync of a source at a time, across processes) and the maintenance audit.
 * The log's triggers are replaced: UPDATE stays refused except for the one sanctioned change,
 * erasing a record's payloads, and only while an open `redact` audit entry names the record.
 */
const locksAndAudit: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('mirror_source_locks')
      .addColumn('source', 'text', (column) => column.primaryKey())
      .addColumn('owner', 'text', (column) => column.notNull())
      .addColumn('pid', 'integer', (column) => column.notNull())
      .addColumn('host', 'text', (column) => column.notNull())
      .addColumn('acquired_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('mirror_audit')
      .addColumn('id', 'integer', (column) => column.primaryKey())
      .addColumn('action', 'text', (column) => column.notNull())
      .addColumn('resource', 'text', (column) => column.notNull())
      .addColumn('record_id', 'text', (column) => column.notNull())
      .addColumn('reason', 'text', (column) => column.notNull())
      .addColumn('requested_at', 'text', (column) => column.notNull())
      .addColumn('completed_at', 'text')
      .addColumn('events_affected', 'integer')
      .execute();
    await sql`CREATE TRIGGER mirror_audit_no_delete BEFORE DELETE ON mirror_audit
      BEGIN SELECT RAISE(ABORT, 'mirror_audit is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER mirror_audit_complete_only BEFORE UPDATE ON mirror_audit
      WHEN OLD.completed_at IS NOT NULL OR NEW.action IS NOT OLD.action OR NEW.resource IS NOT OLD.resource
        OR NEW.record_id IS NOT OLD.record_id OR NEW.reason IS NOT OLD.reason
        OR NEW.requested_at IS NOT OLD.requested_at
      BEGIN SELECT RAISE(ABORT, 'mirror_audit entries can only be completed once'); END`.execute(
      db,
    );

    await sql`ALTER TABLE mirror_events ADD COLUMN redacted INTEGER NOT NULL DEFAULT 0`.execute(db);
    await sql`DROP TRIGGER mirror_events_no_update`.execute(db);
    await sql`CREATE TRIGGER mirror_events_no_update BEFORE UPDATE ON mirror_events
      WHEN NOT (
        NEW.payload IS NULL AND NEW.redacted = 1 AND OLD.redacted = 0
        AND NEW.position IS OLD.position AND NEW.event_id IS OLD.event_id AND NEW.event_key IS OLD.event_key
        AND NEW.source IS OLD.source AND NEW.resource IS OLD.resource AND NEW.record_id IS OLD.record_id
        AND NEW.op IS OLD.op AND NEW.confidence IS OLD.confidence AND NEW.occurred_at IS OLD.occurred_at
        AND NEW.recorded_at IS OLD.recorded_at AND NEW.schema_version IS OLD.schema_version
        AND EXISTS (SELECT 1 FROM mirror_audit WHERE action = 'redact' AND completed_at IS NULL
                    AND resource = OLD.resource AND record_id = OLD.record_id))
      BEGIN SELECT RAISE(ABORT, 'mirror_events is append-only: events cannot be updated'); END`.execute(
      db,
    );
  },
};

/**
 * Exact data: the settings table (where the log's last event with a 0.1.0 identity is recorded,
 * see `legacyEventIdOf`), the rejects, and the resource views' field catalog as tables of the
 * migrator (earlier releases created the catalog on first use, so it may already exist).
 */
const exactData: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('mirror_meta')
      .addColumn('key', 'text', (column) => column.primaryKey())
      .addColumn('value', 'text', (column) => column.notNull())
      .execute();
    await sql`INSERT INTO mirror_meta (key, value)
      SELECT ${LEGACY_IDENTITY_HEAD}, coalesce(max(position), 0) FROM mirror_events`.execute(db);
    await db.schema
      .createTable('mirror_rejects')
      .addColumn('id', 'integer', (column) => column.primaryKey())
      .addColumn('source', 'text', (column) => column.notNull())
      .addColumn('resource', 'text')
      .addColumn('record_id', 'text')
      .addColumn('kind', 'text', (column) =>
        column.notNull().check(sql`kind in ('delta', 'record')`),
      )
      .addColumn('raw', 'text', (column) => column.notNull())
      .addColumn('raw_hash', 'text', (column) => column.notNull())
      .addColumn('reason', 'text', (column) => column.notNull())
      .addColumn('rejected_at', 'text', (column) => column.notNull())
      .addUniqueConstraint('mirror_rejects_once', ['source', 'raw_hash'])
      .execute();
    await sql`CREATE TABLE IF NOT EXISTS mirror_resource_fields (
      resource TEXT NOT NULL, field TEXT NOT NULL, ordinal INTEGER NOT NULL,
      PRIMARY KEY (resource, field)) WITHOUT ROWID`.execute(db);
    await sql`CREATE TABLE IF NOT EXISTS mirror_resource_views (
      resource TEXT PRIMARY KEY, view_name TEXT NOT NULL UNIQUE)`.execute(db);
  },
};

/**
 * Each payload stored once: a record state keeps a payload only where the strategy made a new one
 * (a merge, or an upcast); otherwise it reads its event's through `mirror_records`. Existing rows
 * that copy their event's payload drop the copy. One statement in the migration's transaction:
 * bounded memory, and a crash leaves the old layout or the new one.
 */
const payloadOnce: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`UPDATE mirror_record_state SET payload = NULL
      WHERE payload IS NOT NULL
        AND payload IS (SELECT e.payload FROM mirror_events e WHERE e.position = mirror_record_state.position)`.execute(
      db,
    );
    await sql`DROP VIEW mirror_records`.execute(db);
    // LEFT JOIN on the log's primary key: SQLite omits the join when a query reads no payload.
    await sql`CREATE VIEW mirror_records AS
      SELECT s.resource, s.record_id, coalesce(s.payload, e.payload) AS payload, s.source,
        s.confidence, s.version, s.occurred_at, s.last_synced_at
      FROM mirror_record_state s LEFT JOIN mirror_events e ON e.position = s.position
      WHERE s.deleted = 0`.execute(db);
  },
};

/**
 * The sync-run log joins the store's schema. Releases before this one had the CLI create
 * `sync_runs` on its own connection, some without the `rejected` column: those rows are kept and
 * the column added.
 */
const syncRuns: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`CREATE TABLE IF NOT EXISTS sync_runs (
      id INTEGER PRIMARY KEY,
      source TEXT NOT NULL,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      outcome TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'partial', 'failed')),
      pages INTEGER NOT NULL DEFAULT 0,
      pulled INTEGER NOT NULL DEFAULT 0,
      applied INTEGER NOT NULL DEFAULT 0,
      skipped INTEGER NOT NULL DEFAULT 0,
      duplicates INTEGER NOT NULL DEFAULT 0,
      rejected INTEGER NOT NULL DEFAULT 0,
      cursor_before TEXT,
      cursor_after TEXT,
      error TEXT,
      per_resource TEXT NOT NULL DEFAULT '{}')`.execute(db);
    const columns = await sql<{
      name: string;
    }>`SELECT name FROM pragma_table_info('sync_runs')`.execute(db);
    if (!columns.rows.some((column) => column.name === 'rejected')) {
      await sql`ALTER TABLE sync_runs ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0`.execute(db);
    }
    await sql`CREATE INDEX IF NOT EXISTS sync_runs_by_source ON sync_runs (source, id)`.execute(db);
  },
};

/**
 * Runs stopped on request keep their committed pages as `interrupted`. SQLite cannot alter a
 * CHECK constraint, so the table is rebuilt with the new outcome allowed, its rows kept.
 */
const interruptedRuns: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`CREATE TABLE sync_runs_next (
      id INTEGER PRIMARY KEY,
      source TEXT NOT NULL,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      outcome TEXT NOT NULL
        CHECK (outcome IN ('running', 'ok', 'partial', 'interrupted', 'failed')),
      pages INTEGER NOT NULL DEFAULT 0,
      pulled INTEGER NOT NULL DEFAULT 0,
      applied INTEGER NOT NULL DEFAULT 0,
      skipped INTEGER NOT NULL DEFAULT 0,
      duplicates INTEGER NOT NULL DEFAULT 0,
      rejected INTEGER NOT NULL DEFAULT 0,
      cursor_before TEXT,
      cursor_after TEXT,
      error TEXT,
      per_resource TEXT NOT NULL DEFAULT '{}')`.execute(db);
    await sql`INSERT INTO sync_runs_next (id, source, started_at, finished_at, outcome, pages,
        pulled, applied, skipped, duplicates, rejected, cursor_before, cursor_after, error,
        per_resource)
      SELECT id, source, started_at, finished_at, outcome, pages, pulled, applied, skipped,
        duplicates, rejected, cursor_before, cursor_after, error, per_resource
      FROM sync_runs`.execute(db);
    await sql`DROP TABLE sync_runs`.execute(db);
    await sql`ALTER TABLE sync_runs_next RENAME TO sync_runs`.execute(db);
    await sql`CREATE INDEX sync_runs_by_source ON sync_runs (source, id)`.execute(db);
  },
};

/**
 * A run whose process died is marked `abandoned` by the next process that opens the store, which
 * needs to know whose run it was: the table is rebuilt (SQLite cannot alter a CHECK constraint)
 * with the new outcome allowed and the process that runs each run (`owner_pid`, `owner_host`).
 */
const abandonedRuns: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`CREATE TABLE sync_runs_next (
      id INTEGER PRIMARY KEY,
      source TEXT NOT NULL,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      outcome TEXT NOT NULL
        CHECK (outcome IN ('running', 'ok', 'partial', 'interrupted', 'abandoned', 'failed')),
      pages INTEGER NOT NULL DEFAULT 0,
      pulled INTEGER NOT NULL DEFAULT 0,
      applied INTEGER NOT NULL DEFAULT 0,
      skipped INTEGER NOT NULL DEFAULT 0,
      duplicates INTEGER NOT NULL DEFAULT 0,
      rejected INTEGER NOT NULL DEFAULT 0,
      cursor_before TEXT,
      cursor_after TEXT,
      error TEXT,
      per_resource TEXT NOT NULL DEFAULT '{}',
      owner_pid INTEGER,
      owner_host TEXT)`.execute(db);
    await sql`INSERT INTO sync_runs_next (id, source, started_at, finished_at, outcome, pages,
        pulled, applied, skipped, duplicates, rejected, cursor_before, cursor_after, error,
        per_resource)
      SELECT id, source, started_at, finished_at, outcome, pages, pulled, applied, skipped,
        duplicates, rejected, cursor_before, cursor_after, error, per_resource
      FROM sync_runs`.execute(db);
    await sql`DROP TABLE sync_runs`.execute(db);
    await sql`ALTER TABLE sync_runs_next RENAME TO sync_runs`.execute(db);
    await sql`CREATE INDEX sync_runs_by_source ON sync_runs (source, id)`.execute(db);
  },
};

/** Every migration, by name; names sort in the order they apply. */
export const migrations: Record<string, Migration> = {
  '0001_initial_schema': initialSchema,
  '0002_locks_and_audit': locksAndAudit,
  '0003_exact_data': exactData,
  '0004_payload_once': payloadOnce,
  '0005_sync_runs': syncRuns,
  '0006_interrupted_runs': interruptedRuns,
  '0007_abandoned_runs': abandonedRuns,
};
