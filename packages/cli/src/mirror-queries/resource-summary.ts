import type { MirrorStore, QueryRow } from '@oxide-mirror/core';
import { tableExists } from './table-exists';

/**
 * Every resource with its live record count, event count and latest sync, plus the name of its
 * SQL view when the store keeps per-resource views.
 */
export async function resourceSummary(store: MirrorStore): Promise<QueryRow[]> {
  const withViews = await tableExists(store, 'mirror_resource_views');
  const view = withViews
    ? ', (SELECT v.view_name FROM mirror_resource_views AS v WHERE v.resource = r.name) AS view'
    : '';
  return store.query(`SELECT
  r.name AS resource,
  (SELECT count(*) FROM mirror_records AS m WHERE m.resource = r.name) AS records,
  (SELECT count(*) FROM mirror_events AS e WHERE e.resource = r.name) AS events,
  (SELECT max(m.last_synced_at) FROM mirror_records AS m WHERE m.resource = r.name) AS last_synced_at${view}
FROM mirror_resources AS r
ORDER BY r.name`);
}
