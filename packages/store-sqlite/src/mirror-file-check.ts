import Database from 'better-sqlite3';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { MirrorError, NotAMirrorError, SchemaTooNewError } from '@oxide-mirror/core';
import { MIGRATION_TABLE, migrations } from './schema/migrations';

/** The first 16 bytes of every SQLite database file. */
const SQLITE_HEADER = 'SQLite format 3\u0000';

/**
 * Checks, without writing a byte, that the existing file at `path` is a mirror this release can
 * open: a SQLite database holding the mirror's migration table, with no migration this release
 * does not know. An empty file or database passes only when the store may write (it becomes a
 * new mirror);
 * a read-only store also needs every known migration applied, since it cannot migrate.
 * Throws {@link NotAMirrorError}, {@link SchemaTooNewError} or a `MIGRATION_FAILED` error.
 */
export function checkMirrorFile(path: string, readOnly: boolean): void {
  const size = statSync(path).size;
  if (size === 0) {
    if (readOnly) throw new NotAMirrorError(path, 'the file is empty');
    return;
  }
  if (headerOf(path) !== SQLITE_HEADER) throw new NotAMirrorError(path, 'not a SQLite database');
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const applied = appliedMigrations(db, path, readOnly);
    const known = Object.keys(migrations);
    const unknown = applied.filter((name) => !known.includes(name));
    if (unknown.length > 0) throw new SchemaTooNewError(path, applied.length, known.length);
    if (readOnly && applied.length < known.length) {
      throw new MirrorError(
        'MIGRATION_FAILED',
        `the mirror is read-only and its schema is at version ${applied.length}, not ${known.length}; ` +
          'open it once with write access (for example with `oxide-mirror sync`) to migrate',
      );
    }
  } finally {
    db.close();
  }
}

function headerOf(path: string): string {
  const buffer = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, 0);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('latin1');
}

/** Names of the migrations recorded in the file; NotAMirrorError when it has no mirror schema. */
function appliedMigrations(db: Database.Database, path: string, readOnly: boolean): string[] {
  let tables: string[];
  try {
    tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")
      .pluck()
      .all() as string[];
  } catch (error) {
    throw new NotAMirrorError(path, `SQLite cannot read it: ${(error as Error).message}`);
  }
  if (tables.includes(MIGRATION_TABLE)) {
    return db
      .prepare(`SELECT name FROM ${MIGRATION_TABLE} ORDER BY name`)
      .pluck()
      .all() as string[];
  }
  if (tables.length === 0) {
    // An empty database may become a mirror, but only by a store that is allowed to write.
    if (readOnly) throw new NotAMirrorError(path, 'the database is empty');
    return [];
  }
  const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
  throw new NotAMirrorError(path, `it holds other tables: ${shown}`);
}
