import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SyncRunLog } from '../src/sync-runs/sync-run-log';
import { json, makeTempDir, removeTempDir, runCli, startCli, writeConfig } from './cli-harness';
import { pagedSource, startPagedApi, type PagedApi } from './serve-harness';

describe('an interrupted sync', () => {
  let dir: string;
  let api: PagedApi;

  beforeEach(async () => {
    dir = makeTempDir();
    api = await startPagedApi(40, 5);
  });
  afterEach(async () => {
    await api.close();
    removeTempDir(dir);
  });

  it('on Ctrl-C commits the page in flight and is recorded as interrupted with what it committed', async () => {
    writeConfig(dir, { database: 'mirror.db', sources: { items: pagedSource(api) } });
    api.holdFrom(4);
    const sync = startCli(['sync', '--json'], dir);
    let stderr = '';
    let stdout = '';
    const stopping = new Promise<void>((resolve) =>
      sync.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/stopping after the page in flight/.test(stderr)) resolve();
      }),
    );
    sync.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => sync.on('exit', resolve));
    await api.requested(4);
    sync.kill('SIGINT');
    await stopping;
    api.release();
    expect(await exited).toBe(130);

    const report = JSON.parse(stdout) as {
      runs: { outcome: string; pages: number; applied: number }[];
    };
    const [run] = report.runs;
    expect(run?.outcome).toBe('interrupted');
    expect(run?.pages).toBeGreaterThanOrEqual(3);
    expect(run?.applied).toBe((run?.pages ?? 0) * 5);
    const counted = json<{ n: number }[]>(
      runCli(['query', '--json', 'SELECT count(*) AS n FROM items'], dir),
    );
    expect(counted).toEqual([{ n: run?.applied }]);
    const status = json<{ lastOutcome: string; partial: boolean }[]>(
      runCli(['status', '--json'], dir),
    );
    expect(status[0]).toMatchObject({ lastOutcome: 'interrupted', partial: true });
  }, 60_000);
});

describe('the sync_runs table of an older mirror', () => {
  it('is rebuilt to allow interrupted runs, keeping its rows', () => {
    const dir = makeTempDir();
    try {
      const path = join(dir, 'mirror.db');
      const db = new Database(path);
      db.exec(`CREATE TABLE sync_runs (
        id INTEGER PRIMARY KEY, source TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'partial', 'failed')),
        pages INTEGER NOT NULL DEFAULT 0, pulled INTEGER NOT NULL DEFAULT 0,
        applied INTEGER NOT NULL DEFAULT 0, skipped INTEGER NOT NULL DEFAULT 0,
        duplicates INTEGER NOT NULL DEFAULT 0, cursor_before TEXT, cursor_after TEXT, error TEXT,
        per_resource TEXT NOT NULL DEFAULT '{}')`);
      db.exec(
        "INSERT INTO sync_runs (source, started_at, outcome, pages) VALUES ('crm', '2026-01-01T00:00:00.000Z', 'ok', 4)",
      );
      db.close();

      const log = SyncRunLog.open(path);
      const id = log.start('crm', undefined, new Date('2026-01-02T00:00:00.000Z'));
      log.finish(id, {
        outcome: 'interrupted',
        report: undefined,
        cursorAfter: undefined,
        error: undefined,
        finishedAt: new Date('2026-01-02T00:01:00.000Z'),
      });
      expect(log.get(1)).toMatchObject({ source: 'crm', outcome: 'ok', pages: 4, rejected: 0 });
      expect(log.get(id)).toMatchObject({ outcome: 'interrupted' });
      log.close();
    } finally {
      removeTempDir(dir);
    }
  });
});
