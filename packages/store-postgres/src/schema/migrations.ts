import { sql, type Kysely, type Migration } from 'kysely';

/** Name of the table in which Kysely's migrator records the applied migrations. */
export const MIGRATION_TABLE = 'mirror_migrations';
/** Name of the migrator's lock table. */
export const MIGRATION_LOCK_TABLE = 'mirror_migrations_lock';

/**
 * The log, the projection's tables and the store's bookkeeping, all in the store's schema (the
 * connection's `search_path`). Times are ISO-8601 text, as the sources gave them after
 * normalization: `timestamptz` keeps microseconds only, and "times keep their precision".
 */
const initialSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // The counter that hands out log positions at commit; see `LogPositions`.
    await sql`CREATE TABLE mirror_log_head (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      position bigint NOT NULL)`.execute(db);
    await sql`INSERT INTO mirror_log_head (id, position) VALUES (true, 0)`.execute(db);
    await sql`CREATE TABLE mirror_events (
      position bigint PRIMARY KEY,
      event_id text NOT NULL UNIQUE,
      source text NOT NULL,
      resource text NOT NULL,
      record_id text NOT NULL,
      op text NOT NULL CHECK (op IN ('upsert', 'delete')),
      payload jsonb,
      confidence double precision NOT NULL,
      occurred_at text NOT NULL,
      recorded_at text NOT NULL,
      schema_version integer NOT NULL,
      redacted boolean NOT NULL DEFAULT false)`.execute(db);
    await sql`CREATE INDEX mirror_events_by_record
      ON mirror_events (resource, record_id, position)`.execute(db);
    await sql`CREATE TABLE mirror_record_state (
      resource text NOT NULL,
      record_id text NOT NULL,
      payload jsonb,
      source text NOT NULL,
      confidence double precision NOT NULL,
      version integer NOT NULL,
      occurred_at text NOT NULL,
      last_synced_at text NOT NULL,
      deleted boolean NOT NULL,
      position bigint NOT NULL,
      PRIMARY KEY (resource, record_id))`.execute(db);
    // Each payload once: a state row holds a payload only where a strategy made a new one.
    await sql`CREATE VIEW mirror_records AS
      SELECT s.resource, s.record_id, coalesce(s.payload, e.payload) AS payload, s.source,
        s.confidence, s.version, s.occurred_at, s.last_synced_at
      FROM mirror_record_state s LEFT JOIN mirror_events e ON e.position = s.position
      WHERE NOT s.deleted`.execute(db);
    await sql`CREATE TABLE mirror_cursors (
      source text NOT NULL, resource text NOT NULL, cursor text NOT NULL, updated_at text NOT NULL,
      PRIMARY KEY (source, resource))`.execute(db);
    await sql`CREATE TABLE mirror_resources (name text PRIMARY KEY)`.execute(db);
    await sql`CREATE TABLE mirror_projections (
      name text PRIMARY KEY, position bigint NOT NULL)`.execute(db);
    await sql`CREATE TABLE mirror_meta (key text PRIMARY KEY, value text NOT NULL)`.execute(db);
    await sql`CREATE TABLE mirror_rejects (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      source text NOT NULL, resource text, record_id text,
      kind text NOT NULL CHECK (kind IN ('delta', 'record')),
      raw text NOT NULL, raw_hash text NOT NULL, reason text NOT NULL, rejected_at text NOT NULL,
      UNIQUE (source, raw_hash))`.execute(db);
    await sql`CREATE TABLE mirror_audit (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      action text NOT NULL, resource text NOT NULL, record_id text NOT NULL,
      reason text NOT NULL, requested_at text NOT NULL, completed_at text,
      events_affected integer)`.execute(db);
    await sql`CREATE TABLE mirror_resource_fields (
      resource text NOT NULL, field text NOT NULL, ordinal integer NOT NULL,
      kind text NOT NULL CHECK (kind IN ('unknown', 'number', 'boolean', 'text', 'json')),
      PRIMARY KEY (resource, field))`.execute(db);
    await sql`CREATE TABLE mirror_resource_views (
      resource text PRIMARY KEY, view_name text NOT NULL UNIQUE)`.execute(db);
    await immutableLog(db);
  },
};

/**
 * The log is the source of truth, so the database itself refuses to rewrite it: no DELETE, no
 * TRUNCATE, and UPDATE only for the one sanctioned change — erasing the payloads of a record
 * while an open `redact` entry in `mirror_audit` names it. The audit is append-only too.
 */
async function immutableLog(db: Kysely<unknown>): Promise<void> {
  // `SET search_path FROM CURRENT`: the guards find the mirror's tables whoever fires them.
  await sql`CREATE FUNCTION mirror_events_guard() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
    BEGIN
      IF TG_OP = 'UPDATE'
        AND NEW.payload IS NULL AND NEW.redacted AND NOT OLD.redacted
        AND (NEW.position, NEW.event_id, NEW.source, NEW.resource, NEW.record_id, NEW.op,
             NEW.confidence, NEW.occurred_at, NEW.recorded_at, NEW.schema_version)
          IS NOT DISTINCT FROM
            (OLD.position, OLD.event_id, OLD.source, OLD.resource, OLD.record_id, OLD.op,
             OLD.confidence, OLD.occurred_at, OLD.recorded_at, OLD.schema_version)
        AND EXISTS (SELECT 1 FROM mirror_audit a WHERE a.action = 'redact'
          AND a.completed_at IS NULL AND a.resource = OLD.resource AND a.record_id = OLD.record_id)
      THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'mirror_events is append-only: events cannot be %',
        CASE TG_OP WHEN 'UPDATE' THEN 'updated' WHEN 'DELETE' THEN 'deleted' ELSE 'truncated' END
        USING ERRCODE = 'integrity_constraint_violation';
    END $$`.execute(db);
  await sql`CREATE TRIGGER mirror_events_no_change BEFORE UPDATE OR DELETE ON mirror_events
    FOR EACH ROW EXECUTE FUNCTION mirror_events_guard()`.execute(db);
  await sql`CREATE TRIGGER mirror_events_no_truncate BEFORE TRUNCATE ON mirror_events
    FOR EACH STATEMENT EXECUTE FUNCTION mirror_events_guard()`.execute(db);
  await sql`CREATE FUNCTION mirror_audit_guard() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND OLD.completed_at IS NULL
        AND (NEW.id, NEW.action, NEW.resource, NEW.record_id, NEW.reason, NEW.requested_at)
          IS NOT DISTINCT FROM
            (OLD.id, OLD.action, OLD.resource, OLD.record_id, OLD.reason, OLD.requested_at)
      THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'mirror_audit is append-only: entries can only be completed once'
        USING ERRCODE = 'integrity_constraint_violation';
    END $$`.execute(db);
  await sql`CREATE TRIGGER mirror_audit_no_change BEFORE UPDATE OR DELETE ON mirror_audit
    FOR EACH ROW EXECUTE FUNCTION mirror_audit_guard()`.execute(db);
  await sql`CREATE TRIGGER mirror_audit_no_truncate BEFORE TRUNCATE ON mirror_audit
    FOR EACH STATEMENT EXECUTE FUNCTION mirror_audit_guard()`.execute(db);
}

/**
 * `mirror_records_as_of(resource, as_of)`: a resource as it stood at a time. A strategy is
 * JavaScript, so the store folds the rows before the query and hands them over in the query's
 * transaction through the `oxide_mirror.as_of` setting; the function only reads them.
 */
const recordsAsOf: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`CREATE FUNCTION mirror_records_as_of(resource text, as_of text)
      RETURNS TABLE (record_id text, payload jsonb, source text, confidence double precision,
        version integer, occurred_at text, last_synced_at text)
      LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
      #variable_conflict use_column
      DECLARE
        folded jsonb := nullif(current_setting('oxide_mirror.as_of', true), '')::jsonb
          -> (resource || chr(31) || as_of);
      BEGIN
        IF folded IS NULL THEN
          RAISE EXCEPTION 'mirror_records_as_of() takes text or parameters as its arguments, not columns or expressions';
        END IF;
        RETURN QUERY SELECT * FROM jsonb_to_recordset(folded) AS t(record_id text, payload jsonb,
          source text, confidence double precision, version integer, occurred_at text,
          last_synced_at text) ORDER BY t.record_id COLLATE "C";
      END $$`.execute(db);
  },
};

/** The sync-run log, beside the data so agents ask about sync health with the same SQL. */
const syncRuns: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`CREATE TABLE sync_runs (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      source text NOT NULL,
      started_at text NOT NULL,
      finished_at text,
      outcome text NOT NULL CHECK (outcome IN ('running', 'ok', 'partial', 'failed')),
      pages integer NOT NULL DEFAULT 0,
      pulled integer NOT NULL DEFAULT 0,
      applied integer NOT NULL DEFAULT 0,
      skipped integer NOT NULL DEFAULT 0,
      duplicates integer NOT NULL DEFAULT 0,
      rejected integer NOT NULL DEFAULT 0,
      cursor_before text,
      cursor_after text,
      error text,
      per_resource text NOT NULL DEFAULT '{}')`.execute(db);
    await sql`CREATE INDEX sync_runs_by_source ON sync_runs (source, id)`.execute(db);
  },
};

/** Runs stopped on request keep their committed pages as `interrupted`. */
const interruptedRuns: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_outcome_check`.execute(db);
    await sql`ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_outcome_check
      CHECK (outcome IN ('running', 'ok', 'partial', 'interrupted', 'failed'))`.execute(db);
  },
};

/** A run whose process died is marked `abandoned` by the next process that opens the store. */
const abandonedRuns: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_outcome_check`.execute(db);
    await sql`ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_outcome_check
      CHECK (outcome IN ('running', 'ok', 'partial', 'interrupted', 'abandoned', 'failed'))`.execute(
      db,
    );
  },
};

/** Every migration, by name; names sort in the order they apply. */
export const migrations: Record<string, Migration> = {
  '0001_initial_schema': initialSchema,
  '0002_records_as_of': recordsAsOf,
  '0003_sync_runs': syncRuns,
  '0004_interrupted_runs': interruptedRuns,
  '0005_abandoned_runs': abandonedRuns,
};
