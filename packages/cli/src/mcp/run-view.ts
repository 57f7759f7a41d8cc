import type { SyncRun } from '@oxide-mirror/core';

/** A recorded sync run as the MCP tools show it: the run, and how long it took once ended. */
export type RunView = SyncRun & {
  /** Milliseconds from start to end on the store's clock; null while it runs. */
  durationMs: number | null;
};

/** `run` with its duration. */
export function runView(run: SyncRun): RunView {
  const durationMs =
    run.finishedAt === undefined
      ? null
      : new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime();
  return { ...run, durationMs };
}
