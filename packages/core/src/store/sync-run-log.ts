import type { ResourceTally, SyncReport } from '../sync-report';

/**
 * How a run ended: `running` until it does; `interrupted` when the process was asked to stop and
 * the run kept the pages it committed; `abandoned` when the process running it died before it
 * could say (SIGKILL, a crash): the next process that opens the store for writing marks it so.
 * An abandoned run's pages stay committed, but its counts are unknown (recorded as 0).
 */
export type SyncRunOutcome = 'running' | 'ok' | 'partial' | 'interrupted' | 'abandoned' | 'failed';

/** One recorded sync of one source (the `sync_runs` table, which agents can query too). */
export interface SyncRun {
  id: number;
  source: string;
  /** On the store's clock. */
  startedAt: string;
  finishedAt: string | undefined;
  outcome: SyncRunOutcome;
  pages: number;
  pulled: number;
  applied: number;
  skipped: number;
  duplicates: number;
  /** Records set aside in the rejects during the run. */
  rejected: number;
  cursorBefore: string | undefined;
  cursorAfter: string | undefined;
  error: string | undefined;
  perResource: Record<string, ResourceTally>;
}

/** How a run ended, to be written with {@link SyncRunLog.finishSyncRun}. */
export interface SyncRunEnd {
  outcome: Exclude<SyncRunOutcome, 'running' | 'abandoned'>;
  /** What committed; absent when the sync failed before it had a report. */
  report: SyncReport | undefined;
  cursorAfter: string | undefined;
  /** The error, already free of secrets. */
  error: string | undefined;
}

/** Sync health of one source, from its recorded runs. */
export interface SourceRunSummary {
  source: string;
  /** The latest run. */
  lastRun: SyncRun;
  /** End of the latest successful run. */
  lastSuccessAt: string | undefined;
  /** The error of the latest run that had one, and when that run started. */
  lastError: string | undefined;
  lastErrorAt: string | undefined;
}

/**
 * The log of sync runs, kept by the store in its own schema (created by its migrator, dated by
 * its clock), so that hosts and agents ask about sync health like about data.
 */
export interface SyncRunLog {
  /** Records that a sync of `source` started from `cursorBefore`; returns the run's id. */
  startSyncRun(source: string, cursorBefore: string | undefined): Promise<number>;
  /** Records how run `id` ended; returns the run as stored. */
  finishSyncRun(id: number, end: SyncRunEnd): Promise<SyncRun>;
  /** The run with this id. */
  syncRun(id: number): Promise<SyncRun | undefined>;
  /** One summary per source that has runs, ordered by source. */
  syncRunSummaries(): Promise<SourceRunSummary[]>;
  /** The latest `limit` runs of every source, newest first. */
  recentSyncRuns(limit: number): Promise<SyncRun[]>;
}
