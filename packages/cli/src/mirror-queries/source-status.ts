import type { MirrorStore, QueryRow } from '@oxide-mirror/core';
import { tableExists } from './table-exists';

/** What `status` reports for one source. */
export interface SourceStatus {
  source: string;
  /** True when the source is in the config (a source may have left it but still have runs). */
  configured: boolean;
  /** Start of the latest run. */
  lastRunAt: string | null;
  /** Outcome of the latest run: `ok`, `partial`, `interrupted`, `failed` or `running`. */
  lastOutcome: string | null;
  /**
   * True when the latest run committed pages and then failed or was interrupted: a rerun
   * resumes it.
   */
  partial: boolean;
  /** End of the latest successful run. */
  lastSuccessAt: string | null;
  /** The stored source-wide cursor. */
  cursor: string | null;
  /** The error of the latest run that had one, and when that run started. */
  lastError: string | null;
  lastErrorAt: string | null;
  /** Records of this source waiting in `mirror_rejects` (see `oxide-mirror rejects`). */
  rejects: number;
}

/** The sources to report: those configured, in config order, then any others seen in the mirror. */
async function sourceIds(store: MirrorStore, configured: readonly string[]): Promise<string[]> {
  const runs = (await tableExists(store, 'sync_runs')) ? 'UNION SELECT source FROM sync_runs' : '';
  const rows = await store.query(`SELECT source FROM mirror_cursors ${runs} ORDER BY source`);
  const seen = [
    ...rows.map((row) => String(row.source)),
    ...Object.keys(await store.rejectCounts()),
  ].sort();
  return [...new Set([...configured, ...seen])];
}

function latest(rows: readonly QueryRow[], source: string): QueryRow | undefined {
  return rows.find((row) => row.source === source);
}

/**
 * Sync health per source, read from `sync_runs` and `mirror_cursors` with read-only SQL: the
 * latest run and its outcome, the latest success, the cursor and the latest error.
 */
export async function sourceStatus(
  store: MirrorStore,
  configured: readonly string[],
): Promise<SourceStatus[]> {
  const hasRuns = await tableExists(store, 'sync_runs');
  const lastRuns = hasRuns
    ? await store.query(
        'SELECT * FROM sync_runs WHERE id IN (SELECT max(id) FROM sync_runs GROUP BY source)',
      )
    : [];
  const successes = hasRuns
    ? await store.query(
        "SELECT source, max(finished_at) AS at FROM sync_runs WHERE outcome = 'ok' GROUP BY source",
      )
    : [];
  const errors = hasRuns
    ? await store.query(
        `SELECT source, error, started_at FROM sync_runs WHERE id IN
           (SELECT max(id) FROM sync_runs WHERE error IS NOT NULL GROUP BY source)`,
      )
    : [];
  const cursors = await store.query(
    "SELECT source, cursor FROM mirror_cursors WHERE resource = '*'",
  );
  const rejects = await store.rejectCounts();
  return (await sourceIds(store, configured)).map((source) => {
    const run = latest(lastRuns, source);
    const error = latest(errors, source);
    return {
      source,
      configured: configured.includes(source),
      lastRunAt: (run?.started_at as string | undefined) ?? null,
      lastOutcome: (run?.outcome as string | undefined) ?? null,
      partial: run?.outcome === 'partial' || run?.outcome === 'interrupted',
      lastSuccessAt: (latest(successes, source)?.at as string | undefined) ?? null,
      cursor: (latest(cursors, source)?.cursor as string | undefined) ?? null,
      lastError: (error?.error as string | undefined) ?? null,
      lastErrorAt: (error?.started_at as string | undefined) ?? null,
      rejects: rejects[source] ?? 0,
    };
  });
}
