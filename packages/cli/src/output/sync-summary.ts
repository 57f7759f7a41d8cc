import { ExitCode, type ExitCodeValue } from '../exit-codes';
import type { SyncRun } from '@oxide-mirror/core';
import { cursorSummary, type CursorDescriber } from './cursor-summary';
import { formatDuration, runDuration } from './duration';
import { renderTable } from './table';
import { tabularOf } from './tabular';

/** How a whole `sync` ended, over all its sources. */
export type SyncOutcome = 'ok' | 'partial' | 'failed';

/**
 * `ok` when every source synced; `failed` when nothing at all was committed; `partial` when some
 * source failed but others, or earlier pages of it, were committed.
 */
export function syncOutcomeOf(runs: readonly SyncRun[]): SyncOutcome {
  if (runs.length > 0 && runs.every((run) => run.outcome === 'ok')) return 'ok';
  const committed = runs.some((run) => run.outcome === 'ok' || run.pages > 0);
  return committed ? 'partial' : 'failed';
}

/**
 * How a `sync --follow` ended: like {@link syncOutcomeOf}, except that a follower stopped by
 * Ctrl-C or SIGTERM ended as it should, so its `interrupted` run counts as `ok`.
 */
export function followOutcomeOf(runs: readonly SyncRun[]): SyncOutcome {
  const stoppedAsAsked = (run: SyncRun): SyncRun =>
    run.outcome === 'interrupted' ? { ...run, outcome: 'ok' } : run;
  return syncOutcomeOf(runs.map(stoppedAsAsked));
}

/** The exit code of a sync that ended with `outcome`. */
export function exitCodeOf(outcome: SyncOutcome): ExitCodeValue {
  if (outcome === 'ok') return ExitCode.ok;
  return outcome === 'partial' ? ExitCode.partial : ExitCode.failure;
}

/** How {@link renderSyncSummary} shows cursors. */
export interface SummaryCursors {
  /** Each source's plugin's own reading of its cursors, by source id. */
  describers?: ReadonlyMap<string, CursorDescriber>;
  /** Shows cursors as stored instead of as a summary. */
  raw?: boolean;
}

/** Milliseconds from the first run's start to the last run's end, on the store's clock. */
function wallTime(runs: readonly SyncRun[]): number {
  const starts = runs.map((run) => Date.parse(run.startedAt));
  const ends = runs.map((run) => Date.parse(run.finishedAt ?? run.startedAt));
  return runs.length === 0 ? 0 : Math.max(...ends) - Math.min(...starts);
}

/**
 * The end-of-sync report for people: a row per source with how long it took, the errors, and
 * a closing line whose verdict is `outcome`, with the sync's whole duration.
 */
export function renderSyncSummary(
  runs: readonly SyncRun[],
  databasePath: string,
  outcome: SyncOutcome = syncOutcomeOf(runs),
  cursors: SummaryCursors = {},
): string {
  const shown = (run: SyncRun): string | null => {
    if (run.cursorAfter === undefined) return null;
    if (cursors.raw === true) return run.cursorAfter;
    return cursorSummary(run.cursorAfter, cursors.describers?.get(run.source));
  };
  const rows = runs.map((run) => ({
    source: run.source,
    outcome: run.outcome,
    pages: run.pages,
    pulled: run.pulled,
    applied: run.applied,
    skipped: run.skipped,
    duplicates: run.duplicates,
    rejected: run.rejected,
    took: runDuration(run.startedAt, run.finishedAt ?? null, new Date()),
    cursor: shown(run),
  }));
  const errors = runs
    .filter((run) => run.error !== undefined)
    .map((run) => `${run.source}: ${run.error}\n`)
    .join('');
  const totals = runs.reduce(
    (sum, run) => ({
      pulled: sum.pulled + run.pulled,
      applied: sum.applied + run.applied,
      rejected: sum.rejected + run.rejected,
    }),
    { pulled: 0, applied: 0, rejected: 0 },
  );
  const verdict =
    outcome === 'ok'
      ? 'sync ok'
      : outcome === 'partial'
        ? 'sync partial: rerun to resume the failed sources'
        : 'sync failed';
  const closing =
    `${verdict}: ${runs.length} source${runs.length === 1 ? '' : 's'} ` +
    `in ${formatDuration(wallTime(runs))}, ` +
    `${totals.pulled} pulled, ${totals.applied} applied` +
    (totals.rejected > 0
      ? `, ${totals.rejected} rejected (see \`oxide-mirror rejects list\`)`
      : '') +
    ` → ${databasePath}\n`;
  return (
    renderTable(tabularOf(rows), { footer: false }) +
    (errors.length > 0 ? `\n${errors}` : '') +
    `\n${closing}`
  );
}
