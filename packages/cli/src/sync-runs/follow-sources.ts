import { SyncReportBuilder, type SyncRun, type SyncRunEnd, type Syncer } from '@oxide-mirror/core';
import { CliError, messageOf } from '../cli-error';
import type { SyncPlan } from './run-syncs';

/**
 * Refuses, naming them, the chosen sources whose plugin has no live stream, so that nothing is
 * followed (or recorded) when one of them cannot be.
 */
export function requireLiveStreams(syncer: Syncer, ids: readonly string[]): void {
  const pullOnly = ids.filter((id) => typeof syncer.source(id).subscribe !== 'function');
  if (pullOnly.length === 0) return;
  const names = pullOnly.map((id) => `'${id}'`).join(', ');
  const them = pullOnly.length === 1 ? 'it' : 'them';
  throw new CliError(
    `source${pullOnly.length === 1 ? '' : 's'} ${names} ` +
      `${pullOnly.length === 1 ? 'has' : 'have'} no live stream; sync ${them} without --follow`,
  );
}

/**
 * Follows every planned source's live stream at once, until `plan.signal` aborts (or a stream
 * ends), each as one run in the store's sync-run log: a follower stopped by the signal commits
 * the batch in flight and ends `interrupted`; one whose stream completes ends `ok`; one whose
 * stream fails ends `partial` when it had committed batches, else `failed`. Every run carries
 * what it committed. Returns the recorded runs, in plan order.
 */
export async function followSources(plan: SyncPlan): Promise<SyncRun[]> {
  const syncer = plan.session.syncer();
  requireLiveStreams(syncer, plan.ids);
  const store = plan.session.store;
  plan.progress?.start(plan.ids.join(', '), store.changes());
  try {
    return await Promise.all(plan.ids.map((id) => followOne(plan, syncer, id)));
  } finally {
    plan.progress?.stop();
  }
}

async function followOne(plan: SyncPlan, syncer: Syncer, id: string): Promise<SyncRun> {
  const store = plan.session.store;
  const cursorBefore = await store.getCursor(id);
  const runId = await store.startSyncRun(id, cursorBefore);
  const report = new SyncReportBuilder(id, cursorBefore);
  let end: Omit<SyncRunEnd, 'cursorAfter'>;
  try {
    await syncer.syncStream(syncer.source(id), undefined, { signal: plan.signal, report });
    const outcome = plan.signal.aborted ? 'interrupted' : 'ok';
    end = { outcome, report: report.snapshot(), error: undefined };
  } catch (error) {
    const committed = report.snapshot();
    const outcome = committed.pages > 0 ? 'partial' : 'failed';
    end = { outcome, report: committed, error: plan.redact(messageOf(error)) };
  }
  return store.finishSyncRun(runId, { ...end, cursorAfter: await store.getCursor(id) });
}
