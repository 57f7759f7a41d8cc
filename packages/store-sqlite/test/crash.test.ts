import { Syncer, type Delta, type PullResult, type SyncSource } from '@oxide-mirror/core';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PAGES = 40;
const PER_PAGE = 250;
const RUNS = 24;

/**
 * Page `index` of a deterministic source: updates of earlier records, deletes, and times that
 * move forward. Self-contained, because its source text also runs in the child process.
 */
function generatedPage(index: number, pages: number, perPage: number): PullResult {
  if (index >= pages) return { deltas: [], nextCursor: String(index), hasMore: false };
  const deltas = [];
  for (let i = 0; i < perPage; i++) {
    const n = index * perPage + i;
    const recordId = `r${(n * 7) % 2500}`;
    const occurredAt = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
    const provenance = { source: 'crash', confidence: 1 };
    deltas.push(
      n % 11 === 0
        ? { resource: 'items', recordId, op: 'delete', payload: null, occurredAt, provenance }
        : {
            resource: 'items',
            recordId,
            op: 'upsert',
            payload: { n, text: `item ${n} `.repeat(8) },
            occurredAt,
            provenance,
          },
    );
  }
  return { deltas: deltas as Delta[], nextCursor: String(index + 1), hasMore: index + 1 < pages };
}

function generatedSource(): SyncSource {
  return {
    id: 'crash',
    pull: async (cursor) => generatedPage(Number(cursor ?? 0), PAGES, PER_PAGE),
  };
}

const fixedClock = { now: () => new Date('2026-06-01T00:00:00.000Z') };

/** The child: syncs the generated source into `path` until it is killed. */
function childSource(path: string): string {
  const dist = JSON.stringify(join(__dirname, '..', 'dist'));
  const core = JSON.stringify(join(__dirname, '..', '..', 'core', 'dist'));
  const lww = JSON.stringify(join(__dirname, '..', '..', 'strategy-last-write-wins', 'dist'));
  return `
    const { SqliteMirrorStore } = require(${dist});
    const { Syncer } = require(${core});
    const { LastWriteWins } = require(${lww});
    const generatedPage = ${String(generatedPage)};
    (async () => {
      const store = await SqliteMirrorStore.open(${JSON.stringify(path)}, { clock: { now: () => new Date('2026-06-01T00:00:00.000Z') } });
      // Each pull comes after the previous page committed: the line lets the parent aim its kill.
      const source = { id: 'crash', pull: async (cursor) => {
        process.stdout.write('pull\\n');
        return generatedPage(Number(cursor ?? 0), ${PAGES}, ${PER_PAGE});
      } };
      await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source);
      process.stdout.write('done\\n');
      await store.close();
    })();`;
}

/** A small seeded generator, so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function projectionOf(store: SqliteMirrorStore): Promise<unknown[]> {
  return store.query('SELECT * FROM mirror_record_state ORDER BY resource, record_id', undefined);
}

describe('crashes', () => {
  let dir: string;
  /** The record projection after each number of committed pages, from a clean in-memory run. */
  const expected: unknown[][] = [];

  // Jest's default 5 s guard is for unit tests; these runs start and kill real processes.
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oxide-crash-'));
    const clean = await SqliteMirrorStore.inMemory({ clock: fixedClock });
    expected.push(await projectionOf(clean));
    for (let page = 0; page < PAGES; page++) {
      await clean.applyBatch(generatedPage(page, PAGES, PER_PAGE).deltas, new LastWriteWins());
      expected.push(await projectionOf(clean));
    }
    await clean.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`survives SIGKILL at ${RUNS} random points: nothing lost, duplicated or corrupted`, async () => {
    const random = seeded(20261126);
    const killedAtPage: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const path = join(dir, `run-${run}.db`);
      const child = spawn(process.execPath, ['-e', childSource(path)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // Aim at a random page, whatever the machine's speed, then at a random moment within it.
      const targetPulls = 1 + Math.floor(random() * PAGES);
      let pulls = 0;
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          pulls += chunk.toString().split('pull').length - 1;
          if (pulls >= targetPulls) resolve();
        });
        child.once('exit', () => resolve());
      });
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 15)));
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;

      const store = await SqliteMirrorStore.open(path, { clock: fixedClock });
      expect(await store.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      const cursor = await store.getCursor('crash');
      const pages = cursor === undefined ? 0 : Number(cursor);
      killedAtPage.push(pages);
      expect(await store.eventCount()).toBe(pages * PER_PAGE);
      expect(
        await store.query(
          'SELECT event_id FROM mirror_events GROUP BY event_id HAVING count(*) > 1',
        ),
      ).toEqual([]);
      expect(await projectionOf(store)).toEqual(expected[pages]);

      const report = await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(
        generatedSource(),
      );
      expect(report.pulled).toBe((PAGES - pages) * PER_PAGE);
      expect(await store.eventCount()).toBe(PAGES * PER_PAGE);
      expect(await projectionOf(store)).toEqual(expected[PAGES]);
      await store.close();
    }
    // The kill points must have landed in the middle of syncs, not only before or after them.
    expect(killedAtPage.filter((pages) => pages > 0 && pages < PAGES).length).toBeGreaterThan(
      RUNS / 3,
    );
  }, 600_000);
});
