import type { ResourceSummary } from '@oxide-mirror/core';

/** Resource summaries as rows with the column names agents and scripts read. */
export function resourceRows(
  summaries: readonly ResourceSummary[],
): Record<string, string | number | null>[] {
  return summaries.map((summary) => ({
    resource: summary.resource,
    records: summary.records,
    events: summary.events,
    last_synced_at: summary.lastSyncedAt,
    view: summary.view,
  }));
}
