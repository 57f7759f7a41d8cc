import type pg from 'pg';
import {
  fieldDescriptionsOf,
  type FieldTypeRow,
  type ResourceDescription,
  type ResourceSummary,
  type SourceFreshness,
  type StoredCursor,
} from '@oxide-mirror/core';

const SUMMARIES = `SELECT r.name AS resource,
    (SELECT count(*) FROM mirror_record_state s WHERE s.resource = r.name AND NOT s.deleted) AS records,
    (SELECT count(*) FROM mirror_events e WHERE e.resource = r.name) AS events,
    (SELECT max(s.last_synced_at) FROM mirror_record_state s WHERE s.resource = r.name AND NOT s.deleted)
      AS "lastSyncedAt",
    (SELECT v.view_name FROM mirror_resource_views v WHERE v.resource = r.name) AS view
  FROM mirror_resources r WHERE $1::text IS NULL OR r.name = $1
  ORDER BY r.name COLLATE "C"`;

// jsonb_each lists the top-level fields and the type each value holds, in the server; a number
// is an integer when its text has no fraction or exponent, as SQLite's json_each tells them apart.
const FIELDS = `SELECT * FROM (SELECT j.key AS field,
    CASE jsonb_typeof(j.value)
      WHEN 'number' THEN CASE WHEN j.value::text ~ '^-?[0-9]+$' THEN 'integer' ELSE 'real' END
      WHEN 'string' THEN 'text'
      ELSE jsonb_typeof(j.value) END AS type,
    count(*) AS records,
    min(CASE jsonb_typeof(j.value) WHEN 'string' THEN j.value #>> '{}' ELSE j.value::text END) AS example
  FROM mirror_records r, jsonb_each(r.payload) j
  WHERE r.resource = $1
  GROUP BY 1, 2) f
  ORDER BY field COLLATE "C", records DESC, type`;

const FRESHNESS = `SELECT source, count(*) AS records, max(last_synced_at) AS "lastSyncedAt",
    max(occurred_at) AS "latestChange"
  FROM mirror_record_state WHERE resource = $1 AND NOT deleted GROUP BY source ORDER BY source COLLATE "C"`;

/** Every resource with counts, latest sync and view; or just `resource`. */
export async function resourceSummaries(
  pool: pg.Pool,
  resource?: string,
): Promise<ResourceSummary[]> {
  return (await pool.query<ResourceSummary>(SUMMARIES, [resource ?? null])).rows;
}

/** One resource's counts, view, fields and freshness; empty for an unknown resource. */
export async function describeResource(
  pool: pg.Pool,
  resource: string,
): Promise<ResourceDescription> {
  const [summaries, fields, freshness] = await Promise.all([
    resourceSummaries(pool, resource),
    pool.query<FieldTypeRow>(FIELDS, [resource]),
    pool.query<SourceFreshness>(FRESHNESS, [resource]),
  ]);
  const summary = summaries[0];
  return {
    resource,
    records: summary?.records ?? 0,
    events: summary?.events ?? 0,
    view: summary?.view ?? null,
    fields: fieldDescriptionsOf(fields.rows),
    freshness: freshness.rows,
  };
}

/** The stored cursors, of one source or all. */
export async function listCursors(
  pool: pg.Pool,
  source: string | undefined,
): Promise<StoredCursor[]> {
  const { rows } = await pool.query<StoredCursor>(
    `SELECT source, resource, cursor, updated_at AS "updatedAt" FROM mirror_cursors
      WHERE $1::text IS NULL OR source = $1 ORDER BY source COLLATE "C", resource COLLATE "C"`,
    [source ?? null],
  );
  return rows;
}

/** Ids of the live records of `resource` whose latest change came from `source`, in id order. */
export async function knownRecordIds(
  pool: pg.Pool,
  resource: string,
  source: string,
): Promise<string[]> {
  const { rows } = await pool.query<{ record_id: string }>(
    `SELECT record_id FROM mirror_record_state WHERE resource = $1 AND source = $2 AND NOT deleted
      ORDER BY record_id COLLATE "C"`,
    [resource, source],
  );
  return rows.map((row) => row.record_id);
}
