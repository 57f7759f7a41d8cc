import { ExitCode, type ExitCodeValue } from '../exit-codes';
import type { SyncRun } from '@oxide-mirror/core';
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

/**
 * The end-of-sync report for people: a row per source, the errors, and a closing line whose
 * verdict is `outcome`.
 */
export function renderSyncSummary(
  runs: readonly SyncRun[],
  databasePath: string,
  outcome: SyncOutcome = syncOutcomeOf(runs),
): string {
  const rows = runs.map((run) => ({
    source: run.source,
    outcome: run.outcome,
    pages: run.pages,
    pulled: run.pulled,
    applied: run.applied,
    skipped: run.skipped,
    duplicates: run.duplicates,
    rejected: run.rejected,
    cursor: run.cursorAfter ?? null,
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
    `${verdict}: ${runs.length} source${runs.length === 1 ? '' : 's'}, ` +
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
