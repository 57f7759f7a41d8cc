import Database from 'better-sqlite3';
import type { ResourceTally, SyncReport } from '@oxide-mirror/core';

/**
 * How a run ended: `running` until it does (a crashed run stays `running`); `interrupted` when
 * the process was asked to stop and the run kept the pages it committed.
 */
export type SyncRunOutcome = 'running' | 'ok' | 'partial' | 'interrupted' | 'failed';

/** One row of `sync_runs`, as the CLI reports it. */
export interface SyncRun {
  id: number;
  source: string;
  startedAt: string;
  finishedAt: string | undefined;
  outcome: SyncRunOutcome;
  pages: number;
  pulled: number;
  applied: number;
  skipped: number;
  duplicates: number;
  /** Records set aside in `mirror_rejects` during the run. */
  rejected: number;
  cursorBefore: string | undefined;
  cursorAfter: string | undefined;
  error: string | undefined;
  perResource: Record<string, ResourceTally>;
}

/** How a run ended, to be written with {@link SyncRunLog.finish}. */
export interface SyncRunEnd {
  outcome: Exclude<SyncRunOutcome, 'running'>;
  /** What committed; absent when the sync failed before it had a report. */
  report: SyncReport | undefined;
  cursorAfter: string | undefined;
  error: string | undefined;
  finishedAt: Date;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS sync_runs (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'partial', 'interrupted', 'failed')),
  pages INTEGER NOT NULL DEFAULT 0,
  pulled INTEGER NOT NULL DEFAULT 0,
  applied INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  cursor_before TEXT,
  cursor_after TEXT,
  error TEXT,
  per_resource TEXT NOT NULL DEFAULT '{}'
)`;

/**
 * The `sync_runs` table: one row per sync of one source, written by the CLI in the mirror's own
 * database so that agents can ask about sync health with the same read-only SQL as about data.
 * The store owns its tables and exposes no raw writes, so this opens its own connection to the
 * file; WAL lets it write between the store's transactions.
 */
export class SyncRunLog {
  private constructor(private readonly db: Database.Database) {}

  /** Opens the log in the database file at `path`, creating the table if missing. */
  static open(path: string): SyncRunLog {
    const db = new Database(path, { timeout: 5000 });
    db.exec(CREATE_TABLE);
    allowInterrupted(db);
    // Tables made before rejects existed lack the column.
    const columns = db.prepare("SELECT name FROM pragma_table_info('sync_runs')").pluck().all();
    if (!columns.includes('rejected')) {
      db.exec('ALTER TABLE sync_runs ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0');
    }
    db.exec('CREATE INDEX IF NOT EXISTS sync_runs_by_source ON sync_runs (source, id)');
    return new SyncRunLog(db);
  }

  /** Records that a sync of `source` started from `cursorBefore`; returns the run's id. */
  start(source: string, cursorBefore: string | undefined, startedAt: Date): number {
    const result = this.db
      .prepare(
        `INSERT INTO sync_runs (source, started_at, outcome, cursor_before)
         VALUES (?, ?, 'running', ?)`,
      )
      .run(source, startedAt.toISOString(), cursorBefore ?? null);
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
        finishedAt: end.finishedAt.toISOString(),
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

  /** Closes the log's connection. */
  close(): void {
    this.db.close();
  }
}

/**
 * Tables made before runs could be `interrupted` refuse that outcome in their CHECK, which
 * SQLite cannot alter: the table is rebuilt with the current definition, rows kept, in one
 * transaction.
 */
function allowInterrupted(db: Database.Database): void {
  const definition = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'sync_runs'")
    .pluck()
    .get() as string;
  if (definition.includes("'interrupted'")) return;
  db.transaction(() => {
    db.exec('ALTER TABLE sync_runs RENAME TO sync_runs_before_interrupted');
    db.exec(CREATE_TABLE);
    const columns = db
      .prepare("SELECT name FROM pragma_table_info('sync_runs_before_interrupted')")
      .pluck()
      .all()
      .join(', ');
    db.exec(
      `INSERT INTO sync_runs (${columns}) SELECT ${columns} FROM sync_runs_before_interrupted`,
    );
    db.exec('DROP TABLE sync_runs_before_interrupted');
  })();
}

/** A `sync_runs` row as SQLite returns it. */
export interface SyncRunRow {
  id: number;
  source: string;
  started_at: string;
  finished_at: string | null;
  outcome: SyncRunOutcome;
  pages: number;
  pulled: number;
  applied: number;
  skipped: number;
  duplicates: number;
  rejected: number;
  cursor_before: string | null;
  cursor_after: string | null;
  error: string | null;
  per_resource: string;
}

/** The run a `sync_runs` row holds. */
export function syncRunFromRow(row: SyncRunRow): SyncRun {
  return {
    id: row.id,
    source: row.source,
    startedAt: row.started_at,
    finishedAt: row.finished_at ?? undefined,
    outcome: row.outcome,
    pages: row.pages,
    pulled: row.pulled,
    applied: row.applied,
    skipped: row.skipped,
    duplicates: row.duplicates,
    rejected: row.rejected,
    cursorBefore: row.cursor_before ?? undefined,
    cursorAfter: row.cursor_after ?? undefined,
    error: row.error ?? undefined,
    perResource: JSON.parse(row.per_resource) as Record<string, ResourceTally>,
  };
}
