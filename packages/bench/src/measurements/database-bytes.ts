import { statSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * The bytes a closed database takes once its WAL is folded in: a fresh connection runs a
 * `TRUNCATE` checkpoint, so every committed page is in the main file exactly once, then the file
 * is measured. Measuring the file alone could miss pages still in the WAL; adding the WAL could
 * count pages twice (a store may leave an already checkpointed WAL beside the file).
 */
export function databaseBytes(path: string): number {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return statSync(path).size;
}
