import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mirrorUpTo } from './older-mirror';

/** The `sync_runs` table as releases before the store kept it made it: no `rejected`, no `interrupted`. */
const OLD_TABLE = `CREATE TABLE sync_runs (
  id INTEGER PRIMARY KEY, source TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'partial', 'failed')),
  pages INTEGER NOT NULL DEFAULT 0, pulled INTEGER NOT NULL DEFAULT 0,
  applied INTEGER NOT NULL DEFAULT 0, skipped INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0, cursor_before TEXT, cursor_after TEXT, error TEXT,
  per_resource TEXT NOT NULL DEFAULT '{}')`;

describe('the sync_runs table of an older mirror', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oxide-runs-'));
    path = join(dir, 'mirror.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its rows and accepts interrupted runs once the store has migrated it', async () => {
    await mirrorUpTo(path, '0004_payload_once');
    const db = new Database(path);
    db.exec(OLD_TABLE);
    db.exec(
      "INSERT INTO sync_runs (source, started_at, outcome, pages) VALUES ('crm', '2026-01-01T00:00:00.000Z', 'ok', 4)",
    );
    db.close();

    const store = await SqliteMirrorStore.open(path);
    try {
      const id = await store.startSyncRun('crm', undefined);
      const stopped = await store.finishSyncRun(id, {
        outcome: 'interrupted',
        report: undefined,
        cursorAfter: undefined,
        error: undefined,
      });
      expect(stopped.outcome).toBe('interrupted');
      expect(await store.syncRun(1)).toMatchObject({
        source: 'crm',
        outcome: 'ok',
        pages: 4,
        rejected: 0,
      });
      expect((await store.recentSyncRuns(5)).map((run) => run.id)).toEqual([id, 1]);
    } finally {
      await store.close();
    }
  });
});
