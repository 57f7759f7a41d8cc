import Database from 'better-sqlite3';

/**
 * Forgets a source's stored cursors so that its next sync starts from the beginning. The store's
 * API sets cursors but cannot remove one, so this deletes the rows through its own connection;
 * that is safe because appends are idempotent: re-sent deltas are recognised as duplicates.
 * Returns how many cursors were removed.
 *
 * @param resource only this resource's cursor; every cursor of the source when undefined.
 */
export function resetCursors(databasePath: string, source: string, resource?: string): number {
  const db = new Database(databasePath, { timeout: 5000, fileMustExist: true });
  try {
    const result =
      resource === undefined
        ? db.prepare('DELETE FROM mirror_cursors WHERE source = ?').run(source)
        : db
            .prepare('DELETE FROM mirror_cursors WHERE source = ? AND resource = ?')
            .run(source, resource);
    return result.changes;
  } finally {
    db.close();
  }
}
