import { sql, type Kysely } from 'kysely';
import { MirrorError } from '@oxide-mirror/core';

/** What the reader role may use, set on the role so no query can lift it. */
export interface ReaderBounds {
  /** Memory of one sort or hash before it spills to temp files, in kB. */
  workMemKb: number;
  /** Temp disk one query may use, in kB. */
  tempFileLimitKb: number;
}

/** The reader's bounds when the store is given none. */
export const DEFAULT_READER_BOUNDS: Readonly<ReaderBounds> = Object.freeze({
  workMemKb: 16 * 1024,
  tempFileLimitKb: 256 * 1024,
});

/**
 * Creates (when missing) the login role that runs read-only SQL, and lets it read the mirror's
 * schema and nothing more: USAGE on the schema, SELECT on its tables and views — also those the
 * store creates later (resource views) — and settings fixed on the role: read-only transactions
 * by default, the mirror's schema only on its search path, bounded memory and temp disk.
 * `temp_file_limit` is a superuser setting: the writer needs superuser, or PostgreSQL 15's
 * `GRANT SET ON PARAMETER temp_file_limit`, to fix it on the role.
 */
export async function ensureReaderRole(
  db: Kysely<unknown>,
  schema: string,
  reader: { user: string; password?: string },
  bounds: ReaderBounds,
): Promise<void> {
  const role = sql.id(reader.user);
  const exists = await sql<{
    found: boolean;
  }>`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${reader.user}) AS found`.execute(db);
  try {
    if (exists.rows[0]?.found !== true) {
      await sql`CREATE ROLE ${role} LOGIN NOINHERIT NOCREATEDB NOCREATEROLE`.execute(db);
    }
    if (reader.password !== undefined) {
      await sql`ALTER ROLE ${role} PASSWORD ${sql.lit(reader.password)}`.execute(db);
    }
    await sql`GRANT USAGE ON SCHEMA ${sql.id(schema)} TO ${role}`.execute(db);
    await sql`GRANT SELECT ON ALL TABLES IN SCHEMA ${sql.id(schema)} TO ${role}`.execute(db);
    await sql`ALTER DEFAULT PRIVILEGES IN SCHEMA ${sql.id(schema)} GRANT SELECT ON TABLES TO ${role}`.execute(
      db,
    );
    await sql`ALTER ROLE ${role} SET default_transaction_read_only = on`.execute(db);
    await sql`ALTER ROLE ${role} SET search_path = ${sql.id(schema)}`.execute(db);
    await sql`ALTER ROLE ${role} SET work_mem = ${sql.lit(`${bounds.workMemKb}kB`)}`.execute(db);
    await sql`ALTER ROLE ${role} SET temp_file_limit = ${sql.lit(`${bounds.tempFileLimitKb}kB`)}`.execute(
      db,
    );
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code !== '42501') throw error;
    throw new MirrorError(
      'INVALID_OPTIONS',
      `store-postgres: the writer may not set up the reader role '${reader.user}' (${message}); ` +
        'connect once as a superuser, or give the writer CREATEROLE and ' +
        '`GRANT SET ON PARAMETER temp_file_limit`',
      { cause: error },
    );
  }
}
