import type { SyncReport, SyncRun, SyncRunEnd } from '@oxide-mirror/core';
import { messageOf } from '../cli-error';
import type { MirrorSession } from '../composition/mirror-session';
import type { SyncProgress } from '../output/sync-progress';

/** What {@link runSyncs} works with. */
export interface SyncPlan {
  session: MirrorSession;
  /** Source ids to sync, in order. */
  ids: readonly string[];
  /** Live display; absent when the output is not a terminal. */
  progress: SyncProgress | undefined;
  /** Scrubs secrets from error messages before they are stored or printed. */
  redact: (text: string) => string;
  /** Aborted on Ctrl-C: the current run is recorded as interrupted and no other source starts. */
  signal: AbortSignal;
}

/** Thrown in place of a sync's outcome when the user interrupts it. */
class Interrupted extends Error {
  constructor() {
    super('interrupted (Ctrl-C); pages committed before it are kept');
  }
}

/**
 * Syncs the sources one after another, recording each run in the store's sync-run log: it starts as
 * `running`, and ends `ok`, `partial` (pages committed, then the source failed) or `failed`.
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
    plan.progress?.start(id, store.changes());
    const end = await outcomeOf(syncer.syncSource(id), plan.signal, plan.redact);
    plan.progress?.stop();
    runs.push(await store.finishSyncRun(runId, { ...end, cursorAfter: await store.getCursor(id) }));
  }
  return runs;
}

async function outcomeOf(
  sync: Promise<SyncReport>,
  signal: AbortSignal,
  redact: (text: string) => string,
): Promise<Omit<SyncRunEnd, 'cursorAfter'>> {
  // An interrupted sync keeps running until its pull settles; its result no longer matters.
  sync.catch(() => undefined);
  try {
    const report = await raceAbort(sync, signal);
    return { outcome: 'ok', report, error: undefined };
  } catch (error) {
    const report = (error as { report?: SyncReport }).report;
    const committed = report !== undefined && report.pages > 0;
    return {
      outcome: committed ? 'partial' : 'failed',
      report,
      error: redact(messageOf(error)),
    };
  }
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Interrupted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Interrupted());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
