import type pg from 'pg';
import type { SourceLocks } from './source-locks';
import {
  SYNC_RUN_COLUMNS,
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
    private readonly leases: SourceLocks,
  ) {}

  /**
   * Records that a sync of `source` started; returns the run's id. The run's lease is taken
   * before its row exists, so no other process ever sees it `running` without a holder.
   */
  async start(source: string, cursorBefore: string | undefined): Promise<number> {
    const next = await this.pool.query<{ id: string }>(
      "SELECT nextval(pg_get_serial_sequence('sync_runs', 'id')) AS id",
    );
    const id = Number((next.rows[0] as { id: string }).id);
    await this.leases.holdRun(id);
    try {
      await this.pool.query(
        // The id comes from the identity column's own sequence, taken above.
        `INSERT INTO sync_runs (id, source, started_at, outcome, cursor_before)
          OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, 'running', $4)`,
        [id, source, this.clock.now().toISOString(), cursorBefore ?? null],
      );
    } catch (error) {
      await this.leases.releaseRun(id);
      throw error;
    }
    return id;
  }

  /**
   * Keeps ended runs of another mirror with their ids, inside the import's transaction; an id
   * already held is left as it is. The id sequence moves past them, so later runs number on.
   */
  async importRuns(client: pg.PoolClient, rows: readonly SyncRunRow[]): Promise<void> {
    if (rows.length === 0) return;
    const types = [
      'bigint',
      'text',
      'text',
      'text',
      'text',
      'int',
      'int',
      'int',
      'int',
      'int',
      'int',
      'text',
      'text',
      'text',
      'text',
    ];
    await client.query({
      name: 'oxide_mirror_import_runs',
      text: `INSERT INTO sync_runs (${SYNC_RUN_COLUMNS.join(', ')}) OVERRIDING SYSTEM VALUE
        SELECT * FROM unnest(${types.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})
        ON CONFLICT (id) DO NOTHING`,
      values: SYNC_RUN_COLUMNS.map((column) => rows.map((row) => row[column])),
    });
    await client.query(`SELECT setval(sequence, greatest(
        (SELECT max(id) FROM sync_runs), coalesce(pg_sequence_last_value(sequence), 0)))
      FROM (SELECT pg_get_serial_sequence('sync_runs', 'id')::regclass AS sequence) q`);
  }

  /**
   * Marks `abandoned` every run still `running` whose lease nobody holds: the process running it
   * died before it could end it. Returns how many were marked.
   */
  async markAbandoned(): Promise<number> {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ id: number }>(
        "SELECT id FROM sync_runs WHERE outcome = 'running' ORDER BY id",
      );
      let marked = 0;
      for (const { id } of rows) {
        if (!(await this.leases.isRunAbandoned(client, id))) continue;
        await client.query(
          `UPDATE sync_runs SET outcome = 'abandoned', finished_at = $2, error = $3
            WHERE id = $1 AND outcome = 'running'`,
          [id, this.clock.now().toISOString(), ABANDONED],
        );
        marked += 1;
      }
      return marked;
    } finally {
      client.release();
    }
  }

  /** Records how run `id` ended. */
  async finish(id: number, end: SyncRunEnd): Promise<void> {
    try {
      await this.write(id, end);
    } finally {
      await this.leases.releaseRun(id);
    }
  }

  private async write(id: number, end: SyncRunEnd): Promise<void> {
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
    return rows[0] === undefined ? undefined : (await this.asTheyStand(rows))[0];
  }

  /** The latest `limit` runs, newest first. */
  async recent(limit: number): Promise<SyncRun[]> {
    const { rows } = await this.pool.query<SyncRunRow>(
      'SELECT * FROM sync_runs ORDER BY id DESC LIMIT $1',
      [limit],
    );
    return this.asTheyStand(rows);
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
    return (await this.asTheyStand(runs.rows)).map((lastRun) => ({
      source: lastRun.source,
      lastRun,
      lastSuccessAt: successAt.get(lastRun.source),
      lastError: lastError.get(lastRun.source)?.error,
      lastErrorAt: lastError.get(lastRun.source)?.started_at,
    }));
  }

  /**
   * Runs as they stand: one still `running` whose lease nobody holds reads as `abandoned` even
   * before a writing process marks it (a read-only store does not).
   */
  private async asTheyStand(rows: readonly SyncRunRow[]): Promise<SyncRun[]> {
    const runs = rows.map(syncRunFromRow);
    if (!runs.some((run) => run.outcome === 'running')) return runs;
    const client = await this.pool.connect();
    try {
      const stood: SyncRun[] = [];
      for (const run of runs) {
        const gone =
          run.outcome === 'running' && (await this.leases.isRunAbandoned(client, run.id));
        stood.push(gone ? { ...run, outcome: 'abandoned', error: ABANDONED } : run);
      }
      return stood;
    } finally {
      client.release();
    }
  }
}

const ABANDONED = 'the process running it stopped before ending it';
