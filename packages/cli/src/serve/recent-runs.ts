import type { MirrorStore } from '@oxide-mirror/core';
import type { RecentRun } from './status-page';

/** The latest `limit` runs of `sync_runs`, newest first, through the store's read-only SQL. */
export async function recentRuns(store: MirrorStore, limit: number): Promise<RecentRun[]> {
  const rows = await store.query(
    `SELECT id, source, started_at, finished_at, outcome, pages, applied, rejected, error
       FROM sync_runs ORDER BY id DESC LIMIT ?`,
    [limit],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    source: String(row.source),
    startedAt: String(row.started_at),
    finishedAt: row.finished_at === null ? null : String(row.finished_at),
    outcome: String(row.outcome),
    pages: Number(row.pages),
    applied: Number(row.applied),
    rejected: Number(row.rejected),
    error: row.error === null ? null : String(row.error),
  }));
}
