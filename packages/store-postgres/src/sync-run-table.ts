import type pg from 'pg';
import {
  syncRunFromRow,
  type Clock,
  type SourceRunSummary,
  type SyncRun,
  type SyncRunEnd,
  type SyncRunRow,
} from '@oxide-mirror/core';

const LATEST_RUNS = `SELECT * FROM sync_runs
  WHERE id IN (SELECT max(id) FROM sync_runs GROUP BY source) ORDER BY source COLLATE "C"`;
const LATEST_SUCCESSES =
  "SELECT source, max(finished_at) AS at FROM sync_runs WHERE outcome = 'ok' GROUP BY source";
const LATEST_ERRORS = `SELECT source, error, started_at FROM sync_runs WHERE id IN
  (SELECT max(id) FROM sync_runs WHERE error IS NOT NULL GROUP BY source)`;

/**
 * The `sync_runs` table, in the mirror's schema (so agents ask about sync health with the same
 * read-only SQL as about data), dated by the store's clock.
 */
export class SyncRunTable {
  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: Clock,
  ) {}

  /** Records that a sync of `source` started; returns the run's id. */
  async start(source: string, cursorBefore: string | undefined): Promise<number> {
    const { rows } = await this.pool.query<{ id: number }>(
      `INSERT INTO sync_runs (source, started_at, outcome, cursor_before)
        VALUES ($1, $2, 'running', $3) RETURNING id`,
      [source, this.clock.now().toISOString(), cursorBefore ?? null],
    );
    return (rows[0] as { id: number }).id;
  }

  /** Records how run `id` ended. */
  async finish(id: number, end: SyncRunEnd): Promise<void> {
    const report = end.report;
    await this.pool.query(
      `UPDATE sync_runs SET finished_at = $2, outcome = $3, pages = $4, pulled = $5, applied = $6,
          skipped = $7, duplicates = $8, rejected = $9, cursor_after = $10, error = $11, per_resource = $12
        WHERE id = $1`,
      [
        id,
        this.clock.now().toISOString(),
        end.outcome,
        report?.pages ?? 0,
        report?.pulled ?? 0,
        report?.applied ?? 0,
        report?.skipped ?? 0,
        report?.duplicates ?? 0,
        report?.rejected ?? 0,
        end.cursorAfter ?? null,
        end.error ?? null,
        JSON.stringify(report?.perResource ?? {}),
      ],
    );
  }

  /** The run with this id. */
  async get(id: number): Promise<SyncRun | undefined> {
    const { rows } = await this.pool.query<SyncRunRow>('SELECT * FROM sync_runs WHERE id = $1', [
      id,
    ]);
    return rows[0] === undefined ? undefined : syncRunFromRow(rows[0]);
  }

  /** The latest `limit` runs, newest first. */
  async recent(limit: number): Promise<SyncRun[]> {
    const { rows } = await this.pool.query<SyncRunRow>(
      'SELECT * FROM sync_runs ORDER BY id DESC LIMIT $1',
      [limit],
    );
    return rows.map(syncRunFromRow);
  }

  /** The latest run, latest success and latest error of every source with runs. */
  async summaries(): Promise<SourceRunSummary[]> {
    const [runs, successes, errors] = await Promise.all([
      this.pool.query<SyncRunRow>(LATEST_RUNS),
      this.pool.query<{ source: string; at: string | null }>(LATEST_SUCCESSES),
      this.pool.query<{ source: string; error: string; started_at: string }>(LATEST_ERRORS),
    ]);
    const successAt = new Map(successes.rows.map((row) => [row.source, row.at ?? undefined]));
    const lastError = new Map(errors.rows.map((row) => [row.source, row]));
    return runs.rows.map(syncRunFromRow).map((lastRun) => ({
      source: lastRun.source,
      lastRun,
      lastSuccessAt: successAt.get(lastRun.source),
      lastError: lastError.get(lastRun.source)?.error,
      lastErrorAt: lastError.get(lastRun.source)?.started_at,
    }));
  }
}
