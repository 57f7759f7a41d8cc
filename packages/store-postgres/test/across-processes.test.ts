import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { SyncInProgressError, type MirrorChange } from '@oxide-mirror/core';
import type { PostgresMirrorStore } from '@oxide-mirror/store-postgres';
import {
  asAdmin,
  describeWithPostgres,
  freshSchema,
  openTestStore,
  serverUrl,
} from './postgres-server';

const WORKER = join(__dirname, 'workers', 'mirror-worker.cjs');

/** Starts a worker process on `schema`; resolves once it printed `ready`. */
function startWorker(
  schema: string,
  args: string[],
  ready: string,
): { child: ChildProcess; done: Promise<void> } {
  const child = spawn(process.execPath, [WORKER, serverUrl(), schema, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const done = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(ready)) resolve();
    });
    child.on('exit', (code) =>
      reject(new Error(`worker exited (${code}) before '${ready}': ${errors}`)),
    );
  });
  return { child, done };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithPostgres('a mirror shared by processes', () => {
  let store: PostgresMirrorStore;
  let schema: string;
  beforeEach(async () => {
    schema = freshSchema('procs');
    store = await openTestStore({ schema });
  });
  afterEach(async () => {
    await store.close();
  });

  it('marks runs whose process died abandoned when the store is next opened; live runs stay', async () => {
    const dead = startWorker(schema, ['run', 'crm'], 'running');
    const live = startWorker(schema, ['run', 'billing'], 'running');
    await Promise.all([dead.done, live.done]);
    await new Promise((resolve) => {
      dead.child.once('exit', resolve);
      dead.child.kill('SIGKILL');
    });
    // The server notices the killed process's connection is gone at once on loopback. A
    // read-only store cannot mark the run, but already reads it as abandoned.
    const reader = await openTestStore({ schema, readOnly: true });
    expect((await reader.syncRunSummaries()).map((s) => [s.source, s.lastRun.outcome])).toEqual([
      ['billing', 'running'],
      ['crm', 'abandoned'],
    ]);
    await reader.close();
    const own = await store.startSyncRun('shop', undefined);
    const reopened = await openTestStore({ schema });
    try {
      const runs = Object.fromEntries(
        (await reopened.recentSyncRuns(10)).map((run) => [run.source, run]),
      );
      expect(runs.crm).toMatchObject({ outcome: 'abandoned', pages: 0 });
      expect(runs.crm?.error).toMatch(/stopped before ending it/);
      expect(runs.billing?.outcome).toBe('running');
      expect(runs.shop?.outcome).toBe('running');
      await store.finishSyncRun(own, {
        outcome: 'ok',
        report: undefined,
        cursorAfter: undefined,
        error: undefined,
      });
    } finally {
      await reopened.close();
      live.child.kill('SIGKILL');
    }
  });

  it('refuses a source held by another store, and takes it once released', async () => {
    const other = await openTestStore({ schema });
    try {
      const held = await other.lockSource('crm');
      const refusal = store.lockSource('crm');
      await expect(refusal).rejects.toBeInstanceOf(SyncInProgressError);
      await expect(refusal).rejects.toThrow(
        /source 'crm' is already being synced by oxide-mirror sync pid \d+/,
      );
      const billing = await store.lockSource('billing');
      await held.release();
      const mine = await store.lockSource('crm');
      await Promise.all([mine.release(), billing.release()]);
    } finally {
      await other.close();
    }
  });

  it("takes over a dead worker's lock: the server frees it when the worker is killed", async () => {
    const worker = startWorker(schema, ['lock', 'crm'], 'locked');
    await worker.done;
    await expect(store.lockSource('crm')).rejects.toBeInstanceOf(SyncInProgressError);
    const exited = new Promise((resolve) => worker.child.on('exit', resolve));
    worker.child.kill('SIGKILL');
    await exited;
    // The server notices the closed connection on its own; until then the lock is still held.
    for (;;) {
      const lock = await store.lockSource('crm').catch(() => undefined);
      if (lock !== undefined) {
        await lock.release();
        break;
      }
      await pause(50);
    }
  });

  it('ends the change feed with an error when its connection is lost, never with a silent gap', async () => {
    const failed = new Promise<unknown>((resolve) => store.changes().subscribe({ error: resolve }));
    await asAdmin('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1', [
      `LISTEN ${schema}_changes`,
    ]);
    await expect(failed).resolves.toBeInstanceOf(Error);
  });

  it('reports changes committed by another process, with their decisions, after they commit', async () => {
    const seen: MirrorChange[] = [];
    const subscription = store.changes().subscribe((change) => seen.push(change));
    try {
      const worker = startWorker(schema, ['apply', 'billing', '3'], 'applied');
      await worker.done;
      while (seen.length < 3) await pause(20);
      expect(
        seen.map(({ position, delta, decision, version }) => [
          position,
          delta.recordId,
          decision,
          version,
        ]),
      ).toEqual([
        [1, 'billing-0', 'applied', 1],
        [2, 'billing-1', 'applied', 1],
        [3, 'billing-2', 'applied', 1],
      ]);
      expect(seen[0]?.delta.payload).toEqual({ i: 0 });
    } finally {
      subscription.unsubscribe();
    }
  });
});
