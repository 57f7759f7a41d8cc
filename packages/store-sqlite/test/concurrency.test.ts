import { Syncer, type PullResult, type SyncSource } from '@oxide-mirror/core';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upsertAt } from './fixtures';

const PAGE = 200;

function pages(count: number): SyncSource {
  return {
    id: 'feed',
    pull: async (cursor): Promise<PullResult> => {
      const index = Number(cursor ?? 0);
      const deltas = Array.from({ length: PAGE }, (_, i) =>
        upsertAt(1, `p${index}-${i}`, { index, i }),
      );
      return { deltas, nextCursor: String(index + 1), hasMore: index + 1 < count };
    },
  };
}

/** Source text of a child process that runs `body` against the store at `path`. */
function child(path: string, body: string): string {
  const dist = (name: string): string => JSON.stringify(join(__dirname, '..', '..', name, 'dist'));
  return `
    const { SqliteMirrorStore } = require(${dist('store-sqlite')});
    const { Syncer } = require(${dist('core')});
    const { LastWriteWins } = require(${dist('strategy-last-write-wins')});
    const path = ${JSON.stringify(path)};
    (async () => { ${body} })().catch((e) => { process.stdout.write(JSON.stringify({ error: e.code ?? e.message }) + '\\n'); });`;
}

/** Starts a child process running `source`; its stdout is piped to the test. */
function spawnChild(source: string): ChildProcess {
  return spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Calls `onLine` with each complete, non-empty line the child writes to stdout. */
function eachLine(childProcess: ChildProcess, onLine: (line: string) => void): void {
  let partial = '';
  childProcess.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.length > 0) onLine(line);
  });
}

/** Runs a child to its end and returns the lines it wrote. */
function runChild(source: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const childProcess = spawnChild(source);
    const lines: string[] = [];
    eachLine(childProcess, (line) => lines.push(line));
    childProcess.once('error', reject);
    childProcess.once('close', () => resolve(lines));
  });
}

describe('concurrency', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oxide-concurrency-'));
    path = join(dir, 'mirror.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lets another process query while a sync writes, and it only ever sees whole pages', async () => {
    const store = await SqliteMirrorStore.open(path);
    const pageCount = 40;
    // The reader polls until it has seen every page; the source hands out page k only once the
    // reader has seen page k-1 committed, so the two interleave however slow the machine is.
    const reader = spawnChild(
      child(
        path,
        `const store = await SqliteMirrorStore.open(path, { readOnly: true });
           for (let n = -1; n < ${pageCount * PAGE}; ) {
             const [row] = await store.query('SELECT count(*) AS n FROM mirror_records');
             n = row.n;
             process.stdout.write(JSON.stringify(row) + '\\n');
             // Let the event loop flush stdout, which a loop of resolved promises never does.
             await new Promise((r) => setImmediate(r));
           }
           await store.close();`,
      ),
    );
    const lines: { n?: number; error?: string }[] = [];
    let seenUpTo = -1;
    let waiting: (() => void) | undefined;
    eachLine(reader, (line) => {
      const parsed = JSON.parse(line) as { n?: number; error?: string };
      lines.push(parsed);
      seenUpTo = Math.max(seenUpTo, parsed.n ?? Number.POSITIVE_INFINITY);
      waiting?.();
    });
    // A reader that fails or exits early must not leave the source waiting forever.
    const readerDone = new Promise<void>((resolve) =>
      reader.once('close', () => {
        seenUpTo = Number.POSITIVE_INFINITY;
        waiting?.();
        resolve();
      }),
    );
    const lockstep: SyncSource = {
      id: 'feed',
      pull: async (cursor) => {
        const index = Number(cursor ?? 0);
        while (seenUpTo < index * PAGE) await new Promise<void>((resolve) => (waiting = resolve));
        return pages(pageCount).pull(cursor);
      },
    };
    await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(lockstep);
    await readerDone;
    await store.close();
    expect(lines.filter((line) => line.error !== undefined)).toEqual([]);
    const counts = lines.map((line) => line.n as number);
    expect(counts.every((n) => n % PAGE === 0)).toBe(true);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(new Set(counts)).toEqual(
      new Set(Array.from({ length: pageCount + 1 }, (_, page) => page * PAGE)),
    );
  }, 120_000);

  it('lets only one of two processes sync the same source at once; the other refuses clearly', async () => {
    const setup = await SqliteMirrorStore.open(path);
    await setup.close();
    const gate = `${path}.go`;
    // The first child says when it holds the lock, then waits for the gate file before it goes on.
    const syncInChild = child(
      path,
      `const { existsSync } = require('node:fs');
       const store = await SqliteMirrorStore.open(path);
       const source = { id: 'feed', pull: async (cursor) => {
         const index = Number(cursor ?? 0);
         if (index === 0) {
           process.stdout.write(JSON.stringify({ locked: true }) + '\\n');
           while (!existsSync(${JSON.stringify(gate)})) await new Promise((r) => setTimeout(r, 10));
         }
         const deltas = Array.from({ length: ${PAGE} }, (_, i) => ({ resource: 'contacts', recordId: 'p' + index + '-' + i,
           op: 'upsert', payload: { index, i }, occurredAt: '2026-01-01T00:01:00.000Z', provenance: { source: 'crm', confidence: 1 } }));
         return { deltas, nextCursor: String(index + 1), hasMore: index + 1 < 30 };
       } };
       try {
         const report = await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source);
         process.stdout.write(JSON.stringify({ applied: report.applied }) + '\\n');
       } finally { await store.close(); }`,
    );
    const first = spawnChild(syncInChild);
    const firstLines: string[] = [];
    const firstDone = new Promise<void>((resolve) => first.once('close', () => resolve()));
    await new Promise<void>((resolve) =>
      eachLine(first, (line) => {
        firstLines.push(line);
        resolve();
      }),
    );
    const second = (await runChild(syncInChild)).map(
      (line) => JSON.parse(line) as Record<string, unknown>,
    );
    writeFileSync(gate, '');
    await firstDone;

    expect(second).toEqual([{ error: 'SYNC_IN_PROGRESS' }]);
    expect(firstLines.map((line) => JSON.parse(line) as unknown)).toEqual([
      { locked: true },
      { applied: 30 * PAGE },
    ]);
    const store = await SqliteMirrorStore.open(path);
    expect(await store.eventCount()).toBe(30 * PAGE);
    expect(
      await store.query('SELECT event_id FROM mirror_events GROUP BY event_id HAVING count(*) > 1'),
    ).toEqual([]);
    await store.close();
  }, 120_000);

  it('lets queries run during a rebuild and shows them the old table until the swap', async () => {
    const store = await SqliteMirrorStore.open(path, { strategy: new LastWriteWins() });
    // Queries answer from their own processes, one round trip each, while the rebuild projects
    // a chunk between them: enough pages that several chunks pass.
    await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(pages(300));
    const total = 300 * PAGE;
    // Started before the rebuild, so its first round trip is not a process start.
    await store.query('SELECT 1');
    const seen: number[] = [];
    let rebuilding = true;
    const rebuild = store.rebuild().finally(() => (rebuilding = false));
    while (rebuilding) {
      const [row] = await store.query(
        'SELECT count(*) AS n, sum(version) AS versions FROM mirror_records',
      );
      seen.push(Number(row?.n), Number(row?.versions));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await rebuild).records).toBe(total);
    // How many queries fit into the rebuild depends on the machine; the loop asks at least once
    // while it runs, and no answer may ever show a partial table.
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(new Set(seen)).toEqual(new Set([total]));
    await store.close();
  }, 120_000);
});
