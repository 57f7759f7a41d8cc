import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, migrations } from '../src/schema/migrations';

/** A mirror whose schema stops at `last`, as an older release left it. */
export async function mirrorUpTo(path: string, last: string): Promise<void> {
  const kysely = new Kysely<unknown>({
    dialect: new SqliteDialect({ database: new Database(path) }),
  });
  const migrator = new Migrator({
    db: kysely,
    provider: { getMigrations: async () => migrations },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error } = await migrator.migrateTo(last);
  await kysely.destroy();
  if (error !== undefined) throw error;
}
