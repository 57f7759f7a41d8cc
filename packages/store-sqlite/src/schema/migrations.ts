import { sql, type Kysely, type Migration } from 'kysely';

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

/** Every migration, by name; names sort in the order they apply. */
export const migrations: Record<string, Migration> = {
  '0001_initial_schema': initialSchema,
};
