import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Delta,
  EarlierBatchFailedError,
  MirrorError,
  StoreFullError,
  StrategyError,
  Syncer,
  type ConflictStrategy,
  type JsonObject,
  type PullResult,
  type SyncSource,
} from '@oxide-mirror/core';
import { SqliteMirrorStore, type SqliteStoreOptions } from '@oxide-mirror/store-sqlite';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { FixedClock } from './fixtures';

interface StrategyFixtures {
  threadStampPlugin: { createStrategy(): ConflictStrategy };
  failsOnPlugin: { createStrategy(options: { recordId: string }): ConflictStrategy };
  exitsOnPlugin: { createStrategy(options: { recordId: string }): ConflictStrategy };
  plugin(name: string): NonNullable<ConflictStrategy['plugin']>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS, so the writer thread can load it too
const fixtures = require('./thread-fixtures/strategies.js') as StrategyFixtures;

/** Every batch of at least 10 deltas goes to the thread, which is open before the first. */
const ON_THREAD: SqliteStoreOptions = { writerThread: { minDeltas: 10, startAtOpen: true } };

let dir: string;
const stores: SqliteMirrorStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'writer-thread-'));
});

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(name: string, options: SqliteStoreOptions): Promise<SqliteMirrorStore> {
  const store = await SqliteMirrorStore.open(join(dir, name), {
    clock: new FixedClock(),
    ...options,
  });
  stores.push(store);
  return store;
}

function upsert(id: string, minute: number, payload: JsonObject, resource = 'items'): Delta {
  return Delta.upsert(resource, id, payload, 'api', {
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
  });
}

function page(from: number, count: number, minute = 0): Delta[] {
  return Array.from({ length: count }, (_, i) =>
    upsert(`r${from + i}`, minute, { name: `record ${from + i}`, id: from + i }),
  );
}

async function payloadOf(
  store: SqliteMirrorStore,
  recordId: string,
): Promise<JsonObject | null | undefined> {
  return (await store.getRecord('items', recordId))?.payload;
}

describe('the writer thread', () => {
  it('writes batches of at least minDeltas deltas, and smaller ones are written here', async () => {
    const store = await open('stamp.db', ON_THREAD);
    const stamp = fixtures.threadStampPlugin.createStrategy();
    const large = await store.applyBatch(page(0, 12), stamp);
    const small = await store.applyBatch(page(100, 3), stamp);
    expect(large.map((outcome) => outcome.decision)).toEqual(Array(12).fill('merged'));
    expect(large.map((outcome) => outcome.position)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    expect(small.map((outcome) => outcome.position)).toEqual([13, 14, 15]);
    expect((await payloadOf(store, 'r0'))?.thread).not.toBe(0);
    expect((await payloadOf(store, 'r11'))?.thread).toBe((await payloadOf(store, 'r0'))?.thread);
    expect((await payloadOf(store, 'r100'))?.thread).toBe(0);
  });

  it('leaves the same log, records and views as writing here', async () => {
    const batches: Delta[][] = [
      [
        ...page(0, 10, 5),
        upsert('big', 1, { id: 9007199254740993n, note: 'Zürich ✓', nested: { b: 1, a: [2] } }),
      ],
      // Newer and older changes, a re-sent delta, a delete and a new field.
      [
        ...page(0, 4, 9),
        ...page(4, 3, 1),
        upsert('big', 1, { id: 9007199254740993n, note: 'Zürich ✓', nested: { b: 1, a: [2] } }),
        Delta.delete('items', 'r9', 'api', { occurredAt: '2026-01-01T00:10:00Z' }),
        upsert('r10', 2, { zeta: true, name: 'late field' }),
        upsert('other', 3, { name: 'another resource' }, 'things'),
      ],
    ];
    const results = [];
    for (const options of [{ writerThread: false } as const, ON_THREAD]) {
      const store = await open(`same-${results.length}.db`, options);
      const strategy = new LastWriteWins();
      const outcomes = [];
      for (const batch of batches) outcomes.push(await store.applyBatch(batch, strategy));
      const events = [];
      for await (const event of store.readEvents()) events.push(event);
      results.push({
        outcomes,
        events: events.map(({ eventId, position, delta }) => ({ eventId, position, delta })),
        records: await store.query('SELECT * FROM mirror_records ORDER BY resource, record_id'),
        view: await store.query('SELECT * FROM items ORDER BY record_id'),
      });
    }
    const [here, onThread] = results;
    expect(onThread?.outcomes).toEqual(here?.outcomes);
    expect(onThread?.events).toEqual(here?.events);
    expect(onThread?.records).toEqual(here?.records);
    expect(Object.keys(onThread?.view[0] ?? {})).toEqual([
      'record_id',
      'name',
      'id',
      'note',
      'nested',
      'zeta',
    ]);
    expect(onThread?.view).toEqual(here?.view);
    expect(here?.outcomes[1]?.map((outcome) => outcome.decision)).toEqual([
      ...Array(4).fill('applied'),
      ...Array(3).fill('skipped'),
      'duplicate',
      'applied',
      'applied',
      'applied',
    ]);
  });

  it('fails a batch whose strategy throws there with the same error, and writes none of it', async () => {
    const store = await open('throws.db', ON_THREAD);
    const strategy = fixtures.failsOnPlugin.createStrategy({ recordId: 'r7' });
    const failed = store.applyBatch(page(0, 12), strategy);
    await expect(failed).rejects.toThrow(StrategyError);
    await expect(failed).rejects.toThrow("strategy 'fails-on' threw on items/r7: refuses r7");
    expect(await store.eventCount()).toBe(0);
    await store.applyBatch(page(20, 12), strategy);
    expect(await store.eventCount()).toBe(12);
  });

  it('refuses a batch that follows a failed one, and writes neither', async () => {
    const store = await open('follows.db', ON_THREAD);
    const strategy = fixtures.failsOnPlugin.createStrategy({ recordId: 'r3' });
    const cursor = (text: string) => ({ source: 'api', resource: '*', cursor: text });
    await store.applyBatch(page(100, 10), strategy, { source: 'api', cursor: cursor('one') });
    const first = store.applyBatch(page(0, 12), strategy, {
      source: 'api',
      cursor: cursor('two'),
    });
    const second = store.applyBatch(page(20, 12), strategy, {
      source: 'api',
      cursor: cursor('three'),
      follows: first,
    });
    await expect(first).rejects.toThrow(StrategyError);
    await expect(second).rejects.toThrow(EarlierBatchFailedError);
    await expect(second).rejects.toThrow("an earlier batch of source 'api' failed");
    expect(await store.eventCount()).toBe(10);
    expect(await store.getCursor('api')).toBe('one');
  });

  it('fails a batch with StoreFullError when it would pass maxDatabaseBytes', async () => {
    const store = await open('full.db', { ...ON_THREAD, maxDatabaseBytes: 1024 * 1024 });
    const strategy = new LastWriteWins();
    await store.applyBatch(page(0, 20), strategy);
    const note = 'x'.repeat(4000);
    const large = Array.from({ length: 400 }, (_, i) => upsert(`big${i}`, 1, { note }));
    await expect(store.applyBatch(large, strategy)).rejects.toThrow(StoreFullError);
    expect(await store.eventCount()).toBe(20);
    expect(await store.recordCounts()).toEqual({ items: 20 });
  });

  it('fails the batches of a thread that stops, then writes the next on a new one', async () => {
    const store = await open('exits.db', ON_THREAD);
    const strategy = fixtures.exitsOnPlugin.createStrategy({ recordId: 'r5' });
    const lost = store.applyBatch(page(0, 12), strategy);
    await expect(lost).rejects.toMatchObject({ code: 'WRITER_THREAD_FAILED' });
    await expect(lost).rejects.toThrow("the store's writer thread stopped");
    expect(await store.eventCount()).toBe(0);
    await store.applyBatch(page(20, 12), strategy);
    await store.applyBatch(page(40, 12), strategy);
    expect(await store.eventCount()).toBe(24);
  });

  it('applies here a strategy the thread cannot build as it is', async () => {
    const store = await open('impostor.db', ON_THREAD);
    const impostor: ConflictStrategy = {
      name: 'impostor',
      plugin: fixtures.plugin('impostor'),
      resolve: () => ({ kind: 'apply' }),
    };
    const outcomes = await store.applyBatch(page(0, 12), impostor);
    expect(outcomes.every((outcome) => outcome.decision === 'applied')).toBe(true);
    expect(await store.recordCounts()).toEqual({ items: 12 });
    await store.applyBatch(page(20, 12), impostor);
    expect(await store.recordCounts()).toEqual({ items: 24 });
  });

  it('finishes the batches on their way before the store closes', async () => {
    const path = join(dir, 'close.db');
    const store = await SqliteMirrorStore.open(path, ON_THREAD);
    const written = store.applyBatch(page(0, 50), new LastWriteWins());
    await store.close();
    expect(await written).toHaveLength(50);
    const reopened = await open('close.db', {});
    expect(await reopened.eventCount()).toBe(50);
  });
});

describe('a sync through the writer thread', () => {
  /** Pages of 12 records; the Syncer hands each page over while the one before commits. */
  function pagedSource(pages: number): SyncSource {
    return {
      id: 'api',
      async pull(cursor): Promise<PullResult> {
        const number = cursor === undefined ? 0 : Number(cursor);
        return {
          deltas: page(number * 12, 12),
          nextCursor: String(number + 1),
          hasMore: number + 1 < pages,
        };
      },
    };
  }

  it('commits every page with its cursor', async () => {
    const store = await open('sync.db', ON_THREAD);
    const syncer = new Syncer({ store, strategy: fixtures.threadStampPlugin.createStrategy() });
    const report = await syncer.syncWith(pagedSource(6));
    expect(report.pages).toBe(6);
    expect(report.applied).toBe(72);
    expect(await store.getCursor('api')).toBe('6');
    expect((await payloadOf(store, 'r71'))?.thread).not.toBe(0);
  });

  it('stops at a page that fails: the pages before it stay, none after it lands', async () => {
    const store = await open('sync-fails.db', ON_THREAD);
    // r40 is on the fourth page (records 36 to 47).
    const syncer = new Syncer({
      store,
      strategy: fixtures.failsOnPlugin.createStrategy({ recordId: 'r40' }),
    });
    const failure = await syncer.syncWith(pagedSource(8)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MirrorError);
    expect((failure as MirrorError).code).toBe('SYNC_FAILED');
    expect(String((failure as Error).cause)).toContain('refuses r40');
    expect(await store.getCursor('api')).toBe('3');
    expect(await store.eventCount()).toBe(36);
    const ids = (await store.listRecords('items')).map((record) => record.recordId);
    expect(ids).not.toContain('r48');
  });
});
