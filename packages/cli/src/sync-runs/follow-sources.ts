import {
  SyncReportBuilder,
  type MirrorStore,
  type SyncRun,
  type SyncRunEnd,
  type SyncSource,
  type Syncer,
} from '@oxide-mirror/core';
import { CliError, messageOf } from '../cli-error';
import type { SyncPlan } from './run-syncs';
import { stopAfterPage, SyncInterrupted } from './stop-after-page';

/** Ids among `ids` whose built source has no live stream (no `subscribe`), in order. */
export function withoutLiveStream(
  sources: readonly SyncSource[],
  ids: readonly string[],
): string[] {
  return ids.filter((id) => {
    const source = sources.find((candidate) => candidate.id === id);
    return typeof source?.subscribe !== 'function';
  });
}

/**
 * Refuses, naming them, the chosen sources whose plugin has no live stream, so that nothing is
 * followed (or recorded) when one of them cannot be. Run it on the built sources before the
 * store opens, so that a refused `--follow` creates no database.
 */
export function requireLiveStreams(sources: readonly SyncSource[], ids: readonly string[]): void {
  const pullOnly = withoutLiveStream(sources, ids);
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
 * ends), each as one run recorded by {@link followSource}. Returns the recorded runs, in plan
 * order.
 */
export async function followSources(plan: SyncPlan): Promise<SyncRun[]> {
  const syncer = plan.session.syncer();
  const store = plan.session.store;
  requireLiveStreams(plan.session.sources, plan.ids);
  plan.progress?.start(plan.ids.join(', '), store.changes());
  try {
    return await Promise.all(
      plan.ids.map((id) =>
        followSource({ store, syncer, id, signal: plan.signal, redact: plan.redact }),
      ),
    );
  } finally {
    plan.progress?.stop();
  }
}

/** What {@link followSource} follows, and into what. */
export interface FollowSession {
  store: MirrorStore;
  /** Has the source `id` registered. */
  syncer: Syncer;
  id: string;
  /** Aborted to stop: the batch (or catch-up page) in flight commits, then the run ends. */
  signal: AbortSignal;
  /** Scrubs secrets from error messages before they are stored. */
  redact: (text: string) => string;
}

/**
 * Follows one source's live stream as one run in the store's sync-run log, holding the source's
 * lock: a follower stopped by the signal commits the batch in flight (or, while it catches up
 * with `pull` because the stream could not resume, the page in flight) and ends `interrupted`;
 * one whose stream completes ends `ok`; one whose stream fails ends `partial` when it had
 * committed batches, else `failed`. The run carries what it committed.
 */
export async function followSource(session: FollowSession): Promise<SyncRun> {
  const { store, syncer, id, signal } = session;
  const cursorBefore = await store.getCursor(id);
  const runId = await store.startSyncRun(id, cursorBefore);
  const report = new SyncReportBuilder(id, cursorBefore);
  let end: Omit<SyncRunEnd, 'cursorAfter'>;
  try {
    await syncer.syncStream(stoppable(syncer.source(id), signal), undefined, { signal, report });
    const outcome = signal.aborted ? 'interrupted' : 'ok';
    end = { outcome, report: report.snapshot(), error: undefined };
  } catch (error) {
    const committed = report.snapshot();
    if (signal.aborted && (error as { cause?: unknown }).cause instanceof SyncInterrupted) {
      end = { outcome: 'interrupted', report: committed, error: undefined };
    } else {
      const outcome = committed.pages > 0 ? 'partial' : 'failed';
      end = { outcome, report: committed, error: session.redact(messageOf(error)) };
    }
  }
  return store.finishSyncRun(runId, { ...end, cursorAfter: await store.getCursor(id) });
}

/** `source` whose catch-up pulls stop once `signal` aborts, its stream as it is. */
function stoppable(source: SyncSource, signal: AbortSignal): SyncSource {
  const subscribe = source.subscribe;
  if (subscribe === undefined) return source;
  return {
    ...stopAfterPage(source, signal),
    subscribe: (cursor) => subscribe.call(source, cursor),
  };
}
