import type { Database } from 'better-sqlite3';
import {
  fieldDescriptionsOf,
  type FieldTypeRow,
  type ResourceDescription,
  type ResourceSummary,
  type SourceFreshness,
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
      fields: fieldDescriptionsOf(this.db.prepare(FIELDS).all(resource) as FieldTypeRow[]),
      freshness: this.db.prepare(FRESHNESS).all(resource) as SourceFreshness[],
    };
  }
}
