import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { PostgresMirrorStore } from '@oxide-mirror/store-postgres';
import { describeWithPostgres, freshSchema, openTestStore, serverUrl } from './postgres-server';

const WORKER = join(__dirname, 'workers', 'mirror-worker.cjs');
const PAGES = 30;
const PAGE_SIZE = 100;

/** A sync worker process; `exit` resolves with its exit code (null when killed) and output. */
function syncWorker(schema: string, source: string, msPerPage: number) {
  const child = spawn(
    process.execPath,
    [
      WORKER,
      serverUrl(),
      schema,
      'sync',
      source,
      String(PAGES),
      String(PAGE_SIZE),
      String(msPerPage),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, output })),
  );
  return { child, exit };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithPostgres('sync workers sharing one PostgreSQL mirror', () => {
  let store: PostgresMirrorStore;
  let schema: string;
  beforeAll(async () => {
    schema = freshSchema('workers');
    store = await openTestStore({ schema });
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps every page whole, refuses a held source, and is exact after a worker is killed mid-sync', async () => {
    // crm pages slowly, so it is still syncing when the intruder and the kill come.
    const crm = syncWorker(schema, 'crm', 400);
    const billing = syncWorker(schema, 'billing', 100);
    const desk = syncWorker(schema, 'desk', 100);
    const pageCounts: Record<string, number>[] = [];
    const countPages = async () => {
      const rows = await store.query(
        'SELECT source, count(*) AS n FROM mirror_events GROUP BY source',
      );
      pageCounts.push(Object.fromEntries(rows.map((row) => [row.source, row.n as number])));
      return pageCounts[pageCounts.length - 1] as Record<string, number>;
    };
    // A second worker for a source that is being synced is refused, not run beside it.
    while (((await countPages()).crm ?? 0) < PAGE_SIZE) await pause(20);
    const intruder = await syncWorker(schema, 'crm', 0).exit;
    expect(intruder.code).toBe(3);
    expect(intruder.output).toMatch(
      /source 'crm' is already being synced by oxide-mirror sync pid \d+/,
    );
    // Killed while it syncs: in a page's transaction or between pages, never half a page.
    while (((await countPages()).crm ?? 0) < 4 * PAGE_SIZE) await pause(20);
    crm.child.kill('SIGKILL');
    expect((await crm.exit).code).toBeNull();
    const killedAt = (await countPages()).crm ?? 0;
    expect(killedAt).toBeLessThan(PAGES * PAGE_SIZE);
    expect(await billing.exit).toMatchObject({ code: 0 });
    expect(await desk.exit).toMatchObject({ code: 0 });
    // The next sync resumes at the killed worker's last committed cursor and finishes.
    for (;;) {
      const rerun = await syncWorker(schema, 'crm', 0).exit;
      if (rerun.code === 0) break;
      expect(rerun.code).toBe(3); // the server has not yet noticed the dead worker's connection
      await pause(50);
    }
    await countPages();
    for (const counts of pageCounts) {
      for (const n of Object.values(counts)) expect(n % PAGE_SIZE).toBe(0);
    }
    const total = 3 * PAGES * PAGE_SIZE;
    expect(await store.eventCount()).toBe(total);
    expect(await store.recordCounts()).toEqual({ items: total });
    const positions = await store.query(
      'SELECT min(position) AS first, max(position) AS last, count(DISTINCT event_id) AS ids FROM mirror_events',
    );
    expect(positions).toEqual([{ first: 1, last: total, ids: total }]);
    expect(await store.getCursor('crm')).toBe(String(PAGES));
  });
});
