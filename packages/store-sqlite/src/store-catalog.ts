import type { Database } from 'better-sqlite3';
import type {
  FieldDescription,
  FieldType,
  ResourceDescription,
  ResourceSummary,
  SourceFreshness,
} from '@oxide-mirror/core';

const SUMMARIES = `SELECT
  r.name AS resource,
  (SELECT count(*) FROM mirror_records AS m WHERE m.resource = r.name) AS records,
  (SELECT count(*) FROM mirror_events AS e WHERE e.resource = r.name) AS events,
  (SELECT max(m.last_synced_at) FROM mirror_records AS m WHERE m.resource = r.name) AS lastSyncedAt,
  (SELECT v.view_name FROM mirror_resource_views AS v WHERE v.resource = r.name) AS view
FROM mirror_resources AS r WHERE @resource IS NULL OR r.name = @resource
ORDER BY r.name`;

// json_each lists the top-level fields and the types each holds, so nothing is loaded into memory
// but the answer; the example is cast to text in SQL so big integers keep their digits.
const FIELDS = `SELECT j.key AS field,
    CASE WHEN j.type IN ('true', 'false') THEN 'boolean' ELSE j.type END AS type,
    count(*) AS records,
    CAST(min(CASE WHEN j.type IN ('object', 'array') THEN j.value
                  WHEN j.type IN ('true', 'false') THEN j.type
                  ELSE j.atom END) AS TEXT) AS example
  FROM mirror_records AS r, json_each(r.payload) AS j
  WHERE r.resource = ?
  GROUP BY 1, 2
  ORDER BY 1, 3 DESC, 2`;

const FRESHNESS = `SELECT source, count(*) AS records, max(last_synced_at) AS lastSyncedAt,
    max(occurred_at) AS latestChange
  FROM mirror_records WHERE resource = ? GROUP BY source ORDER BY source`;

/** One row per (field, type) as {@link FIELDS} returns it. */
interface FieldRow {
  field: string;
  type: FieldType;
  records: number;
  example: string | null;
}

/** The catalog of a SQLite mirror, read with SQL on the store's own connection. */
export class StoreCatalog {
  constructor(private readonly db: Database) {}

  /** Every resource with counts, latest sync and view; or just `resource`. */
  summaries(resource?: string): ResourceSummary[] {
    return this.db.prepare(SUMMARIES).all({ resource: resource ?? null }) as ResourceSummary[];
  }

  /** One resource's counts, view, fields and freshness; empty for an unknown resource. */
  describe(resource: string): ResourceDescription {
    const summary = this.summaries(resource)[0];
    return {
      resource,
      records: summary?.records ?? 0,
      events: summary?.events ?? 0,
      view: summary?.view ?? null,
      fields: fieldsOf(this.db.prepare(FIELDS).all(resource) as FieldRow[]),
      freshness: this.db.prepare(FRESHNESS).all(resource) as SourceFreshness[],
    };
  }
}

/** Folds one row per (field, type) into one description per field. */
function fieldsOf(rows: readonly FieldRow[]): FieldDescription[] {
  const fields = new Map<string, FieldDescription>();
  for (const row of rows) {
    const field = fields.get(row.field) ?? {
      field: row.field,
      types: [],
      records: 0,
      example: null,
    };
    field.types.push(row.type);
    field.records += row.records;
    if (field.example === null && row.type !== 'null' && row.example !== null) {
      field.example = row.example;
    }
    fields.set(row.field, field);
  }
  return [...fields.values()];
}
