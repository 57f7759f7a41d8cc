import type { MirrorStore, QueryRow } from '@oxide-mirror/core';
import { tableExists } from './table-exists';

/** One top-level payload field of a resource, as the live records show it. */
export interface FieldDescription {
  field: string;
  /** JSON types seen, most common first: `text`, `integer`, `real`, `boolean`, `null`, `object`, `array`. */
  types: string[];
  /** Live records that have the field. */
  records: number;
  /** One value seen, as text. */
  example: string | null;
}

/** Where a resource's live records came from and how fresh they are, per source. */
export interface SourceFreshness {
  source: string;
  records: number;
  /** When the newest of them was written to the mirror. */
  lastSyncedAt: string;
  /** The newest change among them, on the source's clock. */
  latestChange: string;
}

/** What `describe` reports about one resource. */
export interface ResourceDescription {
  resource: string;
  records: number;
  events: number;
  /** The resource's SQL view, when the store keeps one. */
  view: string | null;
  fields: FieldDescription[];
  freshness: SourceFreshness[];
}

/**
 * Describes a resource from its live records with SQL alone: `json_each` lists the top-level
 * fields and `json_type` the types each holds, so nothing is loaded into memory but the answer.
 */
export async function describeResource(
  store: MirrorStore,
  resource: string,
): Promise<ResourceDescription> {
  const [counts] = await store.query(
    `SELECT (SELECT count(*) FROM mirror_records WHERE resource = @resource) AS records,
            (SELECT count(*) FROM mirror_events WHERE resource = @resource) AS events`,
    { resource },
  );
  const view = (await tableExists(store, 'mirror_resource_views'))
    ? ((
        await store.query('SELECT view_name FROM mirror_resource_views WHERE resource = ?', [
          resource,
        ])
      )[0]?.view_name as string | undefined)
    : undefined;
  return {
    resource,
    records: Number(counts?.records ?? 0),
    events: Number(counts?.events ?? 0),
    view: view ?? null,
    fields: fieldsOf(await fieldRows(store, resource)),
    freshness: (await freshnessRows(store, resource)).map((row) => ({
      source: String(row.source),
      records: Number(row.records),
      lastSyncedAt: String(row.last_synced_at),
      latestChange: String(row.latest_change),
    })),
  };
}

function fieldRows(store: MirrorStore, resource: string): Promise<QueryRow[]> {
  return store.query(
    `SELECT j.key AS field,
            CASE WHEN j.type IN ('true', 'false') THEN 'boolean' ELSE j.type END AS type,
            count(*) AS records,
            min(CASE WHEN j.type IN ('object', 'array') THEN j.value
                     WHEN j.type IN ('true', 'false') THEN j.type
                     ELSE j.atom END) AS example
     FROM mirror_records AS r, json_each(r.payload) AS j
     WHERE r.resource = ?
     GROUP BY 1, 2
     ORDER BY 1, 3 DESC, 2`,
    [resource],
  );
}

function freshnessRows(store: MirrorStore, resource: string): Promise<QueryRow[]> {
  return store.query(
    `SELECT source, count(*) AS records, max(last_synced_at) AS last_synced_at,
            max(occurred_at) AS latest_change
     FROM mirror_records WHERE resource = ? GROUP BY source ORDER BY source`,
    [resource],
  );
}

/** Folds one row per (field, type) into one description per field. */
function fieldsOf(rows: readonly QueryRow[]): FieldDescription[] {
  const fields = new Map<string, FieldDescription>();
  for (const row of rows) {
    const name = String(row.field);
    const field = fields.get(name) ?? { field: name, types: [], records: 0, example: null };
    field.types.push(String(row.type));
    field.records += Number(row.records);
    if (field.example === null && row.type !== 'null' && row.example !== null) {
      field.example = String(row.example);
    }
    fields.set(name, field);
  }
  return [...fields.values()];
}
