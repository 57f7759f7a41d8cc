import { existsSync, statSync } from 'node:fs';

/**
 * The bytes a database takes on disk: its file plus any WAL left beside it. Measured after the
 * store closed, when SQLite has checkpointed and removed the WAL, so this is normally the file
 * alone; a WAL that stayed counts too, so no setting can hide pages from the storage figure.
 */
export function databaseBytes(path: string): number {
  const wal = `${path}-wal`;
  return statSync(path).size + (existsSync(wal) ? statSync(wal).size : 0);
}
