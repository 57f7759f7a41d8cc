import type { PullContext, PullResult, SyncSource } from '@oxide-mirror/core';

/**
 * Why a sync stopped early: the process was asked to stop (Ctrl-C, SIGTERM). Every page before
 * it is committed.
 */
export class SyncInterrupted extends Error {
  constructor() {
    super('interrupted: the page in flight was committed, the next one was not pulled');
    this.name = 'SyncInterrupted';
  }
}

/**
 * `source` seen through a stop switch: once `signal` aborts, its next pull fails with
 * {@link SyncInterrupted} instead of reaching the API. The pull already in flight is left to
 * finish and commit, so an interrupted run keeps, and reports, every page it fetched; the
 * engine's failure report then carries exactly what committed.
 */
export function stopAfterPage(source: SyncSource, signal: AbortSignal): SyncSource {
  return {
    id: source.id,
    pull(cursor: string | undefined, context?: PullContext): Promise<PullResult> {
      if (signal.aborted) return Promise.reject(new SyncInterrupted());
      return source.pull(cursor, context);
    },
  };
}
