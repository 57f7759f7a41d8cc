import type { Database } from 'better-sqlite3';
import {
  syncRunFromRow,
  type Clock,
  type SourceRunSummary,
  type SyncRun,
  type SyncRunEnd,
  type SyncRunRow,
} from '@oxide-mirror/core';

const LATEST_RUNS =
  'SELECT * FROM sync_runs WHERE id IN (SELECT max(id) FROM sync_runs GROUP BY source)';
const LATEST_SUCCESSES =
  "SELECT source, max(finished_at) AS at FROM sync_runs WHERE outcome = 'ok' GROUP BY source";
const LATEST_ERRORS = `SELECT source, error, started_at FROM sync_runs WHERE id IN
  (SELECT max(id) FROM sync_runs WHERE error IS NOT NULL GROUP BY source)`;

/**
 * The `sync_runs` table, written on the store's own connection between its batches and dated by
 * its clock. It lives in the mirror's file so agents ask about sync health with the same
 * read-only SQL as about data.
 */
export class SyncRunTable {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Records that a sync of `source` started; returns the run's id. */
  start(source: string, cursorBefore: string | undefined): number {
    const result = this.db
      .prepare(
        `INSERT INTO sync_runs (source, started_at, outcome, cursor_before)
         VALUES (?, ?, 'running', ?)`,
      )
      .run(source, this.clock.now().toISOString(), cursorBefore ?? null);
    return Number(result.lastInsertRowid);
  }

  /** Records how run `id` ended. */
  finish(id: number, end: SyncRunEnd): void {
    const report = end.report;
    this.db
      .prepare(
        `UPDATE sync_runs SET finished_at = @finishedAt, outcome = @outcome, pages = @pages,
           pulled = @pulled, applied = @applied, skipped = @skipped, duplicates = @duplicates,
           rejected = @rejected, cursor_after = @cursorAfter, error = @error, per_resource = @perResource
         WHERE id = @id`,
      )
      .run({
        id,
        finishedAt: this.clock.now().toISOString(),
        outcome: end.outcome,
        pages: report?.pages ?? 0,
        pulled: report?.pulled ?? 0,
        applied: report?.applied ?? 0,
        skipped: report?.skipped ?? 0,
        duplicates: report?.duplicates ?? 0,
        rejected: report?.rejected ?? 0,
        cursorAfter: end.cursorAfter ?? null,
        error: end.error ?? null,
        perResource: JSON.stringify(report?.perResource ?? {}),
      });
  }

  /** The run with this id. */
  get(id: number): SyncRun | undefined {
    const row = this.db.prepare('SELECT * FROM sync_runs WHERE id = ?').get(id) as
      SyncRunRow | undefined;
    return row === undefined ? undefined : syncRunFromRow(row);
  }

  /** The latest `limit` runs, newest first. */
  recent(limit: number): SyncRun[] {
    const rows = this.db.prepare('SELECT * FROM sync_runs ORDER BY id DESC LIMIT ?').all(limit);
    return (rows as SyncRunRow[]).map(syncRunFromRow);
  }

  /** The latest run, latest success and latest error of every source with runs. */
  summaries(): SourceRunSummary[] {
    const successes = new Map(
      (this.db.prepare(LATEST_SUCCESSES).all() as { source: string; at: string | null }[]).map(
        (row) => [row.source, row.at ?? undefined],
      ),
    );
    const errors = new Map(
      (
        this.db.prepare(LATEST_ERRORS).all() as {
          source: string;
          error: string;
          started_at: string;
        }[]
      ).map((row) => [row.source, row]),
    );
    const runs = (this.db.prepare(LATEST_RUNS).all() as SyncRunRow[]).map(syncRunFromRow);
    return runs
      .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0))
      .map((lastRun) => ({
        source: lastRun.source,
        lastRun,
        lastSuccessAt: successes.get(lastRun.source),
        lastError: errors.get(lastRun.source)?.error,
        lastErrorAt: errors.get(lastRun.source)?.started_at,
      }));
  }
}
