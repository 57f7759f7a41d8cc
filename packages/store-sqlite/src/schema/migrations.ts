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
    await rebuildSyncRuns(db, ['running', 'ok', 'partial', 'interrupted', 'failed'], '');
  },
};

/**
 * A run whose process died is marked `abandoned` by the next process that opens the store, which
 * needs to know whose run it was: the table is rebuilt (SQLite cannot alter a CHECK constraint)
 * with the new outcome allowed and the process that runs each run (`owner_pid`, `owner_host`).
 */
const abandonedRuns: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await rebuildSyncRuns(
      db,
      ['running', 'ok', 'partial', 'interrupted', 'abandoned', 'failed'],
      ',\n      owner_pid INTEGER,\n      owner_host TEXT',
    );
  },
};

/**
 * Rebuilds `sync_runs` with `outcomes` allowed and `extraColumns` (SQL column definitions, each
 * after a comma) added, keeping every row: SQLite cannot alter a CHECK constraint.
 */
async function rebuildSyncRuns(
  db: Kysely<unknown>,
  outcomes: readonly string[],
  extraColumns: string,
): Promise<void> {
  const allowed = outcomes.map((outcome) => `'${outcome}'`).join(', ');
  await sql`CREATE TABLE sync_runs_next (
      id INTEGER PRIMARY KEY,
      source TEXT NOT NULL,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      outcome TEXT NOT NULL
        CHECK (outcome IN (${sql.raw(allowed)})),
      pages INTEGER NOT NULL DEFAULT 0,
      pulled INTEGER NOT NULL DEFAULT 0,
      applied INTEGER NOT NULL DEFAULT 0,
      skipped INTEGER NOT NULL DEFAULT 0,
      duplicates INTEGER NOT NULL DEFAULT 0,
      rejected INTEGER NOT NULL DEFAULT 0,
      cursor_before TEXT,
      cursor_after TEXT,
      error TEXT,
      per_resource TEXT NOT NULL DEFAULT '{}'${sql.raw(extraColumns)})`.execute(db);
  await sql`INSERT INTO sync_runs_next (id, source, started_at, finished_at, outcome, pages,
      pulled, applied, skipped, duplicates, rejected, cursor_before, cursor_after, error,
      per_resource)
    SELECT id, source, started_at, finished_at, outcome, pages, pulled, applied, skipped,
      duplicates, rejected, cursor_before, cursor_after, error, per_resource
    FROM sync_runs`.execute(db);
  await sql`DROP TABLE sync_runs`.execute(db);
  await sql`ALTER TABLE sync_runs_next RENAME TO sync_runs`.execute(db);
  await sql`CREATE INDEX sync_runs_by_source ON sync_runs (source, id)`.execute(db);
}

/** A 40-digit lowercase hex text: a SHA-1 event id, stored as its 20 bytes. */
const HEX_ID = (column: string) => `(length(${column}) = 40 AND NOT ${column} GLOB '*[^0-9a-f]*')`;

/**
 * A compact log, each record's state down to what the log does not hold. Before, every event row
 * spelled out its 40-character id, source, resource, `op` and recording time, and every record's
 * state copied its event's source, confidence and times: ~160 bytes beside each payload. Now
 * `mirror_log` keeps a SHA-1 id as its 20 bytes (any other id as the text it is), source and
 * resource as numbers of `mirror_names`, `op` as 0/1, and the recording time once per committed
 * batch in `mirror_batches`. `mirror_events` becomes a view with the columns it always had.
 * The record state keeps version, tombstone and position; its payload, source, confidence and
 * times are the event's (through `mirror_records`) unless a strategy or upcaster made its own,
 * which it then holds (non-NULL).
 *
 * The copy runs in the migration's transaction (opened here: Kysely runs SQLite migrations
 * without one), by INSERT … SELECT: bounded memory, and a crash leaves the old layout or the new.
 */
const compactLog: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // With legacy_alter_table, the rename below neither checks nor rewrites the resource views,
    // which read `mirror_records` by name while it is re-created.
    await sql`PRAGMA legacy_alter_table = ON`.execute(db);
    try {
      await db.transaction().execute((tx) => compactLogIn(tx));
    } finally {
      await sql`PRAGMA legacy_alter_table = OFF`.execute(db);
    }
  },
};

async function compactLogIn(tx: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE mirror_names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)`.execute(
    tx,
  );
  await sql`CREATE TABLE mirror_batches (id INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL)`.execute(
    tx,
  );
  await sql`CREATE TABLE mirror_log (
        position INTEGER PRIMARY KEY,
        event_key INTEGER NOT NULL,
        resource_id INTEGER NOT NULL,
        record_id TEXT NOT NULL,
        source_id INTEGER NOT NULL,
        op INTEGER NOT NULL CHECK (op IN (0, 1)),
        confidence REAL NOT NULL,
        occurred_at TEXT NOT NULL,
        batch INTEGER NOT NULL,
        schema_version INTEGER NOT NULL,
        redacted INTEGER NOT NULL DEFAULT 0,
        event_id BLOB NOT NULL CHECK (typeof(event_id) IN ('blob', 'text')),
        payload TEXT)`.execute(tx);

  await sql`INSERT INTO mirror_names (name)
        SELECT source FROM mirror_events UNION SELECT resource FROM mirror_events`.execute(tx);
  // Events of one batch share their recording time: one batch per distinct time, in log order.
  await sql`INSERT INTO mirror_batches (recorded_at)
        SELECT recorded_at FROM mirror_events GROUP BY recorded_at ORDER BY min(position)`.execute(
    tx,
  );
  await sql`CREATE INDEX mirror_batches_by_time ON mirror_batches (recorded_at)`.execute(tx);
  await sql`INSERT INTO mirror_log (position, event_key, resource_id, record_id, source_id, op,
          confidence, occurred_at, batch, schema_version, redacted, event_id, payload)
        SELECT e.position, e.event_key, r.id, e.record_id, s.id, e.op = 'delete', e.confidence,
          e.occurred_at, (SELECT min(b.id) FROM mirror_batches b WHERE b.recorded_at = e.recorded_at),
          e.schema_version, e.redacted,
          CASE WHEN ${sql.raw(HEX_ID('e.event_id'))} THEN unhex(e.event_id) ELSE e.event_id END,
          e.payload
        FROM mirror_events e JOIN mirror_names s ON s.name = e.source
          JOIN mirror_names r ON r.name = e.resource
        ORDER BY e.position`.execute(tx);
  await sql`DROP INDEX mirror_batches_by_time`.execute(tx);

  await sql`CREATE TABLE mirror_record_state_next (
        resource TEXT NOT NULL,
        record_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL,
        position INTEGER NOT NULL,
        payload TEXT,
        source TEXT,
        confidence REAL,
        occurred_at TEXT,
        last_synced_at TEXT,
        PRIMARY KEY (resource, record_id)) WITHOUT ROWID`.execute(tx);
  // A state keeps a value only where it differs from its event's.
  await sql`INSERT INTO mirror_record_state_next (resource, record_id, version, deleted, position,
          payload, source, confidence, occurred_at, last_synced_at)
        SELECT s.resource, s.record_id, s.version, s.deleted, s.position,
          CASE WHEN s.payload IS e.payload THEN NULL ELSE s.payload END,
          CASE WHEN s.source IS e.source THEN NULL ELSE s.source END,
          CASE WHEN s.confidence IS e.confidence THEN NULL ELSE s.confidence END,
          CASE WHEN s.occurred_at IS e.occurred_at THEN NULL ELSE s.occurred_at END,
          CASE WHEN s.last_synced_at IS e.recorded_at THEN NULL ELSE s.last_synced_at END
        FROM mirror_record_state s LEFT JOIN mirror_events e ON e.position = s.position`.execute(
    tx,
  );

  await sql`DROP VIEW mirror_records`.execute(tx);
  await sql`DROP TABLE mirror_record_state`.execute(tx);
  await sql`ALTER TABLE mirror_record_state_next RENAME TO mirror_record_state`.execute(tx);
  await sql`DROP TABLE mirror_events`.execute(tx);
  await sql`CREATE INDEX mirror_log_by_record ON mirror_log (resource_id, record_id, event_key)`.execute(
    tx,
  );
  await sql`CREATE TRIGGER mirror_log_no_delete BEFORE DELETE ON mirror_log
        BEGIN SELECT RAISE(ABORT, 'mirror_events is append-only: events cannot be deleted'); END`.execute(
    tx,
  );
  // UPDATE stays refused except for erasing a record's payloads under an open `redact` entry.
  await sql`CREATE TRIGGER mirror_log_no_update BEFORE UPDATE ON mirror_log
        WHEN NOT (
          NEW.payload IS NULL AND NEW.redacted = 1 AND OLD.redacted = 0
          AND NEW.position IS OLD.position AND NEW.event_id IS OLD.event_id
          AND NEW.event_key IS OLD.event_key AND NEW.source_id IS OLD.source_id
          AND NEW.resource_id IS OLD.resource_id AND NEW.record_id IS OLD.record_id
          AND NEW.op IS OLD.op AND NEW.confidence IS OLD.confidence
          AND NEW.occurred_at IS OLD.occurred_at AND NEW.batch IS OLD.batch
          AND NEW.schema_version IS OLD.schema_version
          AND EXISTS (SELECT 1 FROM mirror_audit a JOIN mirror_names n ON n.name = a.resource
                      WHERE a.action = 'redact' AND a.completed_at IS NULL
                        AND n.id = OLD.resource_id AND a.record_id = OLD.record_id))
        BEGIN SELECT RAISE(ABORT, 'mirror_events is append-only: events cannot be updated'); END`.execute(
    tx,
  );
  // The names and batches the log refers to are part of it: they are never rewritten.
  for (const table of ['mirror_names', 'mirror_batches']) {
    for (const action of ['UPDATE', 'DELETE']) {
      await sql`CREATE TRIGGER ${sql.raw(`${table}_no_${action.toLowerCase()}`)}
            BEFORE ${sql.raw(action)} ON ${sql.raw(table)}
            BEGIN SELECT RAISE(ABORT, ${sql.lit(`${table} is append-only`)}); END`.execute(tx);
    }
  }
  await sql`CREATE VIEW mirror_events AS
        SELECT l.position,
          CASE typeof(l.event_id) WHEN 'blob' THEN lower(hex(l.event_id)) ELSE l.event_id END AS event_id,
          l.event_key, s.name AS source, r.name AS resource, l.record_id,
          CASE l.op WHEN 1 THEN 'delete' ELSE 'upsert' END AS op,
          l.payload, l.confidence, l.occurred_at, b.recorded_at, l.schema_version, l.redacted
        FROM mirror_log l LEFT JOIN mirror_names s ON s.id = l.source_id
          LEFT JOIN mirror_names r ON r.id = l.resource_id
          LEFT JOIN mirror_batches b ON b.id = l.batch`.execute(tx);
  // LEFT JOINs on primary keys: SQLite omits each one a query reads nothing from.
  await sql`CREATE VIEW mirror_records AS
        SELECT s.resource, s.record_id, coalesce(s.payload, l.payload) AS payload,
          coalesce(s.source, n.name) AS source, coalesce(s.confidence, l.confidence) AS confidence,
          s.version, coalesce(s.occurred_at, l.occurred_at) AS occurred_at,
          coalesce(s.last_synced_at, b.recorded_at) AS last_synced_at
        FROM mirror_record_state s LEFT JOIN mirror_log l ON l.position = s.position
          LEFT JOIN mirror_names n ON n.id = l.source_id
          LEFT JOIN mirror_batches b ON b.id = l.batch
        WHERE s.deleted = 0`.execute(tx);
}

/** Every migration, by name; names sort in the order they apply. */
export const migrations: Record<string, Migration> = {
  '0001_initial_schema': initialSchema,
  '0002_locks_and_audit': locksAndAudit,
  '0003_exact_data': exactData,
  '0004_payload_once': payloadOnce,
  '0005_sync_runs': syncRuns,
  '0006_interrupted_runs': interruptedRuns,
  '0007_abandoned_runs': abandonedRuns,
  '0008_compact_log': compactLog,
};
