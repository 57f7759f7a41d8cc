import type pg from 'pg';
import {
  rejectColumnsOf,
  type CheckedImportReject,
  type RejectEntry,
  type RejectFilter,
  type RejectedRecord,
} from '@oxide-mirror/core';

/**
 * Sets `entries` aside in `mirror_rejects`, inside the batch's transaction. The same raw record
 * from the same source is kept once, however often (and in whatever key order) it is re-sent.
 */
export async function addRejects(
  client: pg.PoolClient,
  entries: readonly RejectEntry[],
  rejectedAt: string,
): Promise<void> {
  if (entries.length === 0) return;
  const columns = entries.map(rejectColumnsOf);
  await client.query({
    name: 'oxide_mirror_add_rejects',
    text: `INSERT INTO mirror_rejects (source, resource, record_id, kind, raw, raw_hash, reason, rejected_at)
      SELECT s, r, i, k, w, h, why, $8 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[],
        $5::text[], $6::text[], $7::text[]) AS t(s, r, i, k, w, h, why)
      ON CONFLICT (source, raw_hash) DO NOTHING`,
    values: [
      entries.map((entry) => entry.source),
      columns.map((column) => column.resource),
      columns.map((column) => column.recordId),
      entries.map((entry) => entry.kind),
      columns.map((column) => column.raw),
      columns.map((column) => column.rawHash),
      entries.map((entry) => entry.reason),
      rejectedAt,
    ],
  });
}

/** Keeps rejects of another mirror as they were, inside the import's transaction. */
export async function addImportedRejects(
  client: pg.PoolClient,
  rejects: readonly CheckedImportReject[],
): Promise<void> {
  if (rejects.length === 0) return;
  await client.query({
    name: 'oxide_mirror_add_imported_rejects',
    text: `INSERT INTO mirror_rejects (source, resource, record_id, kind, raw, raw_hash, reason, rejected_at)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
        $7::text[], $8::text[])
      ON CONFLICT (source, raw_hash) DO NOTHING`,
    values: [
      rejects.map(({ reject }) => reject.source),
      rejects.map(({ columns }) => columns.resource),
      rejects.map(({ columns }) => columns.recordId),
      rejects.map(({ reject }) => reject.kind),
      rejects.map(({ columns }) => columns.raw),
      rejects.map(({ columns }) => columns.rawHash),
      rejects.map(({ reject }) => reject.reason),
      rejects.map(({ reject }) => reject.rejectedAt),
    ],
  });
}

/** Removes the rejects a batch re-applied, inside that batch's transaction. */
export async function resolveRejects(client: pg.PoolClient, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await client.query('DELETE FROM mirror_rejects WHERE id = ANY($1::bigint[])', [ids]);
}

interface RejectRow {
  id: number;
  source: string;
  resource: string | null;
  record_id: string | null;
  kind: RejectedRecord['kind'];
  raw: string;
  reason: string;
  rejected_at: string;
}

/** Rejects matching `filter`, oldest first. */
export async function listRejects(pool: pg.Pool, filter: RejectFilter): Promise<RejectedRecord[]> {
  const { rows } = await pool.query<RejectRow>(
    `SELECT id, source, resource, record_id, kind, raw, reason, rejected_at FROM mirror_rejects
      WHERE ($1::text IS NULL OR source = $1) AND ($2::text IS NULL OR resource = $2)
        AND ($3::bigint[] IS NULL OR id = ANY($3))
      ORDER BY id LIMIT $4`,
    [filter.source ?? null, filter.resource ?? null, filter.ids ?? null, filter.limit ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    source: row.source,
    resource: row.resource,
    recordId: row.record_id,
    kind: row.kind,
    raw: row.raw,
    reason: row.reason,
    rejectedAt: row.rejected_at,
  }));
}

/** Number of rejects per source. */
export async function rejectCounts(pool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ source: string; count: number }>(
    'SELECT source, count(*) AS count FROM mirror_rejects GROUP BY source ORDER BY source',
  );
  return Object.fromEntries(rows.map((row) => [row.source, row.count]));
}
