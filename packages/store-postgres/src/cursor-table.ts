import type pg from 'pg';
import type { CursorUpdate } from '@oxide-mirror/core';

/** Stores a source's cursor, inside the caller's transaction when there is one. */
export async function upsertCursor(
  client: pg.PoolClient | pg.Pool,
  { source, resource, cursor }: CursorUpdate,
  updatedAt: string,
): Promise<void> {
  await client.query({
    name: 'oxide_mirror_set_cursor',
    text: `INSERT INTO mirror_cursors (source, resource, cursor, updated_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (source, resource) DO UPDATE SET cursor = excluded.cursor,
        updated_at = excluded.updated_at`,
    values: [source, resource, cursor, updatedAt],
  });
}
