import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';

/** A process that opens the mirror, starts a run of `source` and then waits to be stopped. */
function runningSync(path: string, source: string): Promise<ChildProcess> {
  const entry = join(__dirname, '..', 'dist', 'index.js');
  const script = `
    const { SqliteMirrorStore } = require(${JSON.stringify(entry)});
    SqliteMirrorStore.open(process.argv[1]).then(async (store) => {
      await store.startSyncRun(process.argv[2], undefined);
      process.stdout.write('started\\n');
      setInterval(() => undefined, 1000);
    });`;
  const child = spawn(process.execPath, ['-e', script, path, source], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`the sync process exited with ${code}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('runs whose process died', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oxide-abandoned-'));
    path = join(dir, 'mirror.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are marked abandoned by the next process that opens the store; live runs are not', async () => {
    await (await SqliteMirrorStore.open(path)).close();
    const dead = await runningSync(path, 'crm');
    const live = await runningSync(path, 'billing');
    await killed(dead);
    // A read-only store cannot mark it, but already reads it as abandoned.
    const reader = await SqliteMirrorStore.open(path, { readOnly: true });
    expect((await reader.syncRunSummaries()).map((s) => [s.source, s.lastRun.outcome])).toEqual([
      ['billing', 'running'],
      ['crm', 'abandoned'],
    ]);
    await reader.close();
    const store = await SqliteMirrorStore.open(path);
    try {
      const runs = await store.recentSyncRuns(10);
      const bySource = Object.fromEntries(runs.map((run) => [run.source, run]));
      expect(bySource.crm).toMatchObject({ outcome: 'abandoned', pages: 0 });
      expect(bySource.crm?.finishedAt).toBeDefined();
      expect(bySource.crm?.error).toMatch(/stopped before ending it/);
      expect(bySource.billing).toMatchObject({ outcome: 'running', finishedAt: undefined });
      // This process's own runs are live as long as it is.
      const own = await store.startSyncRun('shop', undefined);
      const again = await SqliteMirrorStore.open(path);
      expect((await again.syncRun(own))?.outcome).toBe('running');
      await again.close();
    } finally {
      await store.close();
      await killed(live);
    }
  });
});
