import type { SyncReport, SyncRun, SyncRunEnd } from '@oxide-mirror/core';
import { messageOf } from '../cli-error';
import type { MirrorSession } from '../composition/mirror-session';
import type { SyncProgress } from '../output/sync-progress';
import { stopAfterPage, SyncInterrupted } from './stop-after-page';
import { watchTotals } from './watch-totals';

/** What {@link runSyncs} works with. */
export interface SyncPlan {
  session: MirrorSession;
  /** Source ids to sync, in order. */
  ids: readonly string[];
  /** Live display; absent for `--json`. */
  progress: SyncProgress | undefined;
  /** Scrubs secrets from error messages before they are stored or printed. */
  redact: (text: string) => string;
  /**
   * Aborted on Ctrl-C or SIGTERM: the page in flight commits, the run is recorded as
   * `interrupted` with what it committed, and no other source starts.
   */
  signal: AbortSignal;
  /** Told each run's id as soon as the run is recorded, before it pulls anything. */
  onRunStarted?: (runId: number, source: string) => void;
}

/**
 * Syncs the sources one after another, recording each run in the store's sync-run log: it starts
 * as `running`, and ends `ok`, `partial` (pages committed, then the source failed), `interrupted`
 * (stopped by `signal` after committing the page in flight) or `failed`.
 * A failing source does not stop the others. Returns the recorded runs.
 */
export async function runSyncs(plan: SyncPlan): Promise<SyncRun[]> {
  const { session } = plan;
  const store = session.store;
  const syncer = session.syncer();
  const runs: SyncRun[] = [];
  for (const id of plan.ids) {
    if (plan.signal.aborted) break;
    const runId = await store.startSyncRun(id, await store.getCursor(id));
    plan.onRunStarted?.(runId, id);
    plan.progress?.start(id, store.changes());
    const counted = watchTotals(syncer.source(id), (resource, records) =>
      plan.progress?.total(id, resource, records),
    );
    const source = stopAfterPage(counted, plan.signal);
    const end = await outcomeOf(syncer.syncWith(source), plan.redact);
    plan.progress?.stop();
    runs.push(await store.finishSyncRun(runId, { ...end, cursorAfter: await store.getCursor(id) }));
  }
  return runs;
}

async function outcomeOf(
  sync: Promise<SyncReport>,
  redact: (text: string) => string,
): Promise<Omit<SyncRunEnd, 'cursorAfter'>> {
  try {
    const report = await sync;
    return { outcome: 'ok', report, error: undefined };
  } catch (error) {
    const report = (error as { report?: SyncReport }).report;
    const committed = report !== undefined && report.pages > 0;
    const interrupted = (error as { cause?: unknown }).cause instanceof SyncInterrupted;
    return {
      outcome: interrupted ? 'interrupted' : committed ? 'partial' : 'failed',
      report,
      error: interrupted ? undefined : redact(messageOf(error)),
    };
  }
}
