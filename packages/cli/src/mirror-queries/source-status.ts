import { ALL_RESOURCES, type MirrorStore, type SyncRun } from '@oxide-mirror/core';

/** What `status` reports for one source. */
export interface SourceStatus {
  source: string;
  /** True when the source is in the config (a source may have left it but still have runs). */
  configured: boolean;
  /** Start of the latest run. */
  lastRunAt: string | null;
  /** How long the latest run took, in milliseconds; null while it runs or when it never ended. */
  lastRunDurationMs: number | null;
  /**
   * Outcome of the latest run: `ok`, `partial`, `interrupted`, `abandoned` (its process died
   * before ending it), `failed` or `running`.
   */
  lastOutcome: string | null;
  /**
   * True when the latest run may have committed pages and then failed, was interrupted or its
   * process died: a rerun resumes it from the stored cursor.
   */
  partial: boolean;
  /** End of the latest successful run. */
  lastSuccessAt: string | null;
  /** The stored source-wide cursor. */
  cursor: string | null;
  /** The error of the latest run that had one, and when that run started. */
  lastError: string | null;
  lastErrorAt: string | null;
  /** Records of this source waiting in the rejects (see `oxide-mirror rejects`). */
  rejects: number;
}

function durationOf(run: SyncRun | undefined): number | null {
  if (run?.finishedAt === undefined) return null;
  return Date.parse(run.finishedAt) - Date.parse(run.startedAt);
}

/** Outcomes after which a rerun resumes committed work. */
const RESUMABLE = new Set<string>(['partial', 'interrupted', 'abandoned']);

/**
 * Sync health per source, from the store's sync-run log and cursors: the latest run and its
 * outcome, the latest success, the cursor and the latest error. Sources come in config order,
 * then any others the mirror has seen.
 */
export async function sourceStatus(
  store: MirrorStore,
  configured: readonly string[],
): Promise<SourceStatus[]> {
  const runs = new Map(
    (await store.syncRunSummaries()).map((summary) => [summary.source, summary]),
  );
  const cursors = await store.listCursors();
  const rejects = await store.rejectCounts();
  const seen = [...cursors.map((cursor) => cursor.source), ...runs.keys(), ...Object.keys(rejects)];
  const sources = [...new Set([...configured, ...seen.sort()])];
  return sources.map((source) => {
    const summary = runs.get(source);
    const cursor = cursors.find(
      (entry) => entry.source === source && entry.resource === ALL_RESOURCES,
    );
    return {
      source,
      configured: configured.includes(source),
      lastRunAt: summary?.lastRun.startedAt ?? null,
      lastRunDurationMs: durationOf(summary?.lastRun),
      lastOutcome: summary?.lastRun.outcome ?? null,
      partial: RESUMABLE.has(summary?.lastRun.outcome ?? 'ok'),
      lastSuccessAt: summary?.lastSuccessAt ?? null,
      cursor: cursor?.cursor ?? null,
      lastError: summary?.lastError ?? null,
      lastErrorAt: summary?.lastErrorAt ?? null,
      rejects: rejects[source] ?? 0,
    };
  });
}
