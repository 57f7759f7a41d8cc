import type { SyncRun } from '@oxide-mirror/core';

/** A recorded run as `--json` prints it: the run, plus how long it took in milliseconds. */
export function runJson(run: SyncRun): SyncRun & { durationMs: number | null } {
  const durationMs =
    run.finishedAt === undefined ? null : Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return { ...run, durationMs };
}
