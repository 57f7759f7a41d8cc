import type { Database } from 'better-sqlite3';
import { hostname } from 'node:os';
import { isAlive } from './process-liveness';
import {
  SYNC_RUN_COLUMNS,
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
  private readonly host = hostname();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Records that a sync of `source` started, run by this process; returns the run's id. */
  start(source: string, cursorBefore: string | undefined): number {
    const result = this.db
      .prepare(
        `INSERT INTO sync_runs (source, started_at, outcome, cursor_before, owner_pid, owner_host)
         VALUES (?, ?, 'running', ?, ?, ?)`,
      )
      .run(source, this.clock.now().toISOString(), cursorBefore ?? null, process.pid, this.host);
    return Number(result.lastInsertRowid);
  }

  /** Keeps ended runs of another mirror with their ids; an id already held is left as it is. */
  importRuns(rows: readonly SyncRunRow[]): void {
    if (rows.length === 0) return;
    const insert = this.db.prepare(
      `INSERT INTO sync_runs (${SYNC_RUN_COLUMNS.join(', ')})
       VALUES (${SYNC_RUN_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING`,
    );
    for (const row of rows) insert.run(...SYNC_RUN_COLUMNS.map((column) => row[column]));
  }

  /**
   * Marks `abandoned` every run still `running` whose process, on this machine, is gone: it died
   * before it could end the run. Runs of other machines cannot be told apart and stay as they are.
   * Returns how many were marked.
   */
  markAbandoned(): number {
    const running = this.db
      .prepare("SELECT * FROM sync_runs WHERE outcome = 'running'")
      .all() as OwnedRunRow[];
    const dead = running.filter((row) => this.isAbandoned(row));
    const mark = this.db.prepare(
      `UPDATE sync_runs SET outcome = 'abandoned', finished_at = ?, error = ?
       WHERE id = ? AND outcome = 'running'`,
    );
    const at = this.clock.now().toISOString();
    for (const row of dead) mark.run(at, abandonedError(row), row.id);
    return dead.length;
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
      OwnedRunRow | undefined;
    return row === undefined ? undefined : this.runOf(row);
  }

  /** The latest `limit` runs, newest first. */
  recent(limit: number): SyncRun[] {
    const rows = this.db.prepare('SELECT * FROM sync_runs ORDER BY id DESC LIMIT ?').all(limit);
    return (rows as OwnedRunRow[]).map((row) => this.runOf(row));
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
    const runs = (this.db.prepare(LATEST_RUNS).all() as OwnedRunRow[]).map((row) =>
      this.runOf(row),
    );
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

  /**
   * A run as it stands: one still `running` whose process is gone reads as `abandoned` even
   * before a writing process marks it (a read-only store cannot).
   */
  private runOf(row: OwnedRunRow): SyncRun {
    const run = syncRunFromRow(row);
    return this.isAbandoned(row)
      ? { ...run, outcome: 'abandoned', error: abandonedError(row) }
      : run;
  }

  /** Still `running`, though its process on this machine is gone. */
  private isAbandoned(row: OwnedRunRow): boolean {
    const pid = row.owner_pid;
    if (row.outcome !== 'running' || pid === null || row.owner_host !== this.host) return false;
    return pid !== process.pid && !isAlive(pid);
  }
}

/** A `sync_runs` row with the process that runs it (absent for runs older than the column). */
type OwnedRunRow = SyncRunRow & { owner_pid: number | null; owner_host: string | null };

function abandonedError(row: OwnedRunRow): string {
  return `the process running it (pid ${row.owner_pid}) stopped before ending it`;
}
