import {
  Delta,
  InvalidDeltaError,
  SourceProtocolError,
  SyncFailedError,
  Syncer,
  UnknownSourceError,
  type PullResult,
  type SyncSource,
} from '@oxide-mirror/core';
import { StaticSource } from '@oxide-mirror/source-static';
import { HighestConfidence } from '@oxide-mirror/strategy-highest-confidence';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Observable, from } from 'rxjs';
import { memoryStore, upsertAt } from './fixtures';

/** A source defined by a function of the cursor, for protocol-breaking scenarios. */
function sourceOf(
  id: string,
  pull: (cursor: string | undefined) => Promise<PullResult>,
): SyncSource {
  return { id, pull };
}

async function failureOf(promise: Promise<unknown>): Promise<SyncFailedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SyncFailedError);
  return error as SyncFailedError;
}

describe('Syncer', () => {
  let store: SqliteMirrorStore;
  beforeEach(async () => {
    store = await memoryStore();
  });
  afterEach(() => store.close());

  it('syncs a static source of two deltas into two records', async () => {
    const syncer = new Syncer({ store, strategy: new LastWriteWins() });
    syncer.registerSource(
      StaticSource.fromDeltas('crm', [
        upsertAt(1, 'a', { name: 'Ada' }),
        upsertAt(1, 'b', { name: 'Bob' }),
      ]),
    );
    const report = await syncer.syncSource('crm');
    expect(report).toMatchObject({
      source: 'crm',
      pulled: 2,
      applied: 2,
      skipped: 0,
      duplicates: 0,
    });
    expect(report.perResource).toEqual({
      contacts: { pulled: 2, applied: 2, skipped: 0, rejected: 0 },
    });
    expect(await store.recordCounts()).toEqual({ contacts: 2 });
  });

  it('follows hasMore across pages and stores the final cursor under *', async () => {
    const pages: PullResult[] = [
      { deltas: [upsertAt(1, 'a', { n: 1 })], hasMore: true },
      { deltas: [upsertAt(1, 'b', { n: 2 })], hasMore: true },
      { deltas: [upsertAt(1, 'c', { n: 3 })], hasMore: false },
    ];
    const syncer = new Syncer({
      store,
      strategy: new LastWriteWins(),
      sources: [new StaticSource('crm', pages)],
    });
    const report = await syncer.syncSource('crm');
    expect(report).toMatchObject({ pages: 3, pulled: 3, applied: 3, finalCursor: '3' });
    expect(await store.getCursor('crm', '*')).toBe('3');
  });

  it('keeps the good delta under HighestConfidence and reports the bad one skipped', async () => {
    const syncer = new Syncer({ store, strategy: new HighestConfidence() });
    const source = StaticSource.fromDeltas('crm', [
      upsertAt(1, 'a', { name: 'good' }, 'crm', 0.9),
      upsertAt(2, 'a', { name: 'bad' }, 'crm', 0.1),
    ]);
    const report = await syncer.syncWith(source);
    expect(report).toMatchObject({ applied: 1, skipped: 1 });
    expect((await store.getRecord('contacts', 'a'))?.payload).toEqual({ name: 'good' });
  });

  it('applies a live stream and returns the applied count', async () => {
    const syncer = new Syncer({ store, strategy: new LastWriteWins(), streamFlushMs: 1 });
    const live: SyncSource = {
      id: 'live',
      pull: async () => ({ deltas: [], hasMore: false }),
      subscribe: () =>
        from([upsertAt(2, 'a', { n: 2 }), upsertAt(1, 'a', { n: 1 }), upsertAt(3, 'b', { n: 3 })]),
    };
    expect(await syncer.syncStream(live)).toBe(2);
    expect(await store.eventCount()).toBe(3);
  });

  it('refuses to stream a source without subscribe()', async () => {
    const syncer = new Syncer({ store, strategy: new LastWriteWins() });
    await expect(syncer.syncStream(StaticSource.fromDeltas('s', []) as never)).resolves.toBe(0);
    const pullOnly = sourceOf('pull-only', async () => ({ deltas: [], hasMore: false }));
    await expect(syncer.syncStream(pullOnly)).rejects.toThrow(SourceProtocolError);
  });

  it('rejects syncSource of an unknown id with UnknownSourceError', async () => {
    const syncer = new Syncer({ store, strategy: new LastWriteWins() });
    await expect(syncer.syncSource('missing')).rejects.toBeInstanceOf(UnknownSourceError);
  });

  it('refuses two sources with the same id', () => {
    const syncer = new Syncer({ store, strategy: new LastWriteWins() });
    syncer.registerSource(StaticSource.fromDeltas('crm', []));
    expect(() => syncer.registerSource(StaticSource.fromDeltas('crm', []))).toThrow(
      /already registered/,
    );
  });

  it('pulls the next page only after the previous page committed', async () => {
    const eventsAtPull: number[] = [];
    const source = sourceOf('crm', async (cursor) => {
      eventsAtPull.push(await store.eventCount());
      const page = Number(cursor ?? 0);
      return {
        deltas: [upsertAt(1, `r${page}`, { page }), upsertAt(1, `s${page}`, { page })],
        nextCursor: String(page + 1),
        hasMore: page < 3,
      };
    });
    await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source);
    expect(eventsAtPull).toEqual([0, 2, 4, 6]);
  });

  describe('a page that fails half-way', () => {
    const goodPage = (): PullResult => ({
      deltas: [upsertAt(1, 'a', { n: 1 })],
      nextCursor: 'p1',
      hasMore: true,
    });

    it('with onInvalid fail, commits nothing of a page holding an invalid delta, and keeps the earlier pages', async () => {
      const bad = { ...upsertAt(1, 'c', { n: 3 }), recordId: '' };
      const source = sourceOf('crm', async (cursor) =>
        cursor === undefined
          ? goodPage()
          : { deltas: [upsertAt(1, 'b', { n: 2 }), bad], nextCursor: 'p2', hasMore: false },
      );
      const failure = await failureOf(
        new Syncer({ store, strategy: new LastWriteWins(), onInvalid: 'fail' }).syncWith(source),
      );
      expect(failure.cause).toBeInstanceOf(InvalidDeltaError);
      expect(failure.message).toMatch(/recordId must not be empty/);
      expect(failure.report).toMatchObject({ pages: 1, pulled: 1, applied: 1, finalCursor: 'p1' });
      expect(await store.eventCount()).toBe(1);
      expect(await store.getRecord('contacts', 'b')).toBeUndefined();
      expect(await store.getCursor('crm')).toBe('p1');
    });

    it('commits nothing of a page whose pull threw, and resumes from the last committed cursor', async () => {
      let failing = true;
      const cursorsAsked: (string | undefined)[] = [];
      const source = sourceOf('crm', async (cursor) => {
        cursorsAsked.push(cursor);
        if (cursor === undefined) return goodPage();
        if (failing) throw new Error('upstream 503');
        return { deltas: [upsertAt(1, 'b', { n: 2 })], nextCursor: 'p2', hasMore: false };
      });
      const syncer = new Syncer({ store, strategy: new LastWriteWins() });
      const failure = await failureOf(syncer.syncWith(source));
      expect(failure.message).toMatch(/upstream 503/);
      expect(await store.getCursor('crm')).toBe('p1');
      failing = false;
      const report = await syncer.syncWith(source);
      expect(report).toMatchObject({ pulled: 1, applied: 1, finalCursor: 'p2' });
      expect(cursorsAsked).toEqual([undefined, 'p1', 'p1']);
      expect(await store.recordCounts()).toEqual({ contacts: 2 });
    });
  });

  describe('sources that would loop', () => {
    it('stops a source whose cursor does not move while it says hasMore', async () => {
      const source = sourceOf('stuck', async () => ({
        deltas: [upsertAt(1, 'a', { n: 1 })],
        nextCursor: 'same',
        hasMore: true,
      }));
      const failure = await failureOf(
        new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source),
      );
      expect(failure.cause).toBeInstanceOf(SourceProtocolError);
      expect(failure.message).toMatch(/cursor did not move|again/);
      expect(await store.eventCount()).toBe(1);
    });

    it('stops a source that says hasMore without a cursor', async () => {
      const source = sourceOf('vague', async () => ({ deltas: [], hasMore: true }));
      const failure = await failureOf(
        new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source),
      );
      expect(failure.message).toMatch(/hasMore but gave no nextCursor/);
    });

    it('stops a source that returns endless empty pages saying hasMore', async () => {
      let pulls = 0;
      const source = sourceOf('empty', async () => ({
        deltas: [],
        nextCursor: String(++pulls),
        hasMore: true,
      }));
      const failure = await failureOf(
        new Syncer({ store, strategy: new LastWriteWins(), maxEmptyPages: 3 }).syncWith(source),
      );
      expect(failure.message).toMatch(/4 empty pages in a row/);
      expect(pulls).toBe(4);
    });

    it('stops a pull that never answers', async () => {
      const source = sourceOf('silent', () => new Promise<PullResult>(() => undefined));
      const failure = await failureOf(
        new Syncer({ store, strategy: new LastWriteWins(), pullTimeoutMs: 20 }).syncWith(source),
      );
      expect(failure.message).toMatch(/did not answer pull #1 within 20 ms/);
    });

    it('refuses a page that is not a page', async () => {
      const source = sourceOf('odd', async () => ({ records: [] }) as never);
      const failure = await failureOf(
        new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source),
      );
      expect(failure.message).toMatch(/malformed page: deltas is not an array/);
    });
  });

  it('stores and applies a re-sent delta once across syncs after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxide-sync-'));
    const path = join(dir, 'mirror.db');
    const deltas = [upsertAt(1, 'a', { name: 'Ada' }), upsertAt(2, 'b', { name: 'Bob' })];
    // A source with no cursor re-sends everything on every sync, as many real APIs do.
    const resending = sourceOf('crm', async () => ({ deltas, hasMore: false }));
    const first = await SqliteMirrorStore.open(path);
    await new Syncer({ store: first, strategy: new LastWriteWins() }).syncWith(resending);
    await first.close();

    const second = await SqliteMirrorStore.open(path);
    const report = await new Syncer({ store: second, strategy: new LastWriteWins() }).syncWith(
      resending,
    );
    expect(report).toMatchObject({ pulled: 2, applied: 0, skipped: 2, duplicates: 2 });
    expect(await second.eventCount()).toBe(2);
    expect((await second.getRecord('contacts', 'a'))?.version).toBe(1);
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs two syncs of one source one after the other', async () => {
    let active = 0;
    let overlapped = false;
    const source = sourceOf('crm', async () => {
      active += 1;
      overlapped ||= active > 1;
      await new Promise((resolve) => setImmediate(resolve));
      active -= 1;
      return {
        deltas: [
          Delta.upsert('contacts', 'a', { n: 1 }, 'crm', { occurredAt: '2026-01-01T00:00:00Z' }),
        ],
        hasMore: false,
      };
    });
    const syncer = new Syncer({ store, strategy: new LastWriteWins(), sources: [source] });
    const [one, two] = await Promise.all([syncer.syncSource('crm'), syncer.syncSource('crm')]);
    expect(overlapped).toBe(false);
    expect([one.applied, two.applied]).toEqual([1, 0]);
  });

  it('completes a stream that ends without deltas', async () => {
    const syncer = new Syncer({ store, strategy: new LastWriteWins() });
    const quiet: SyncSource = {
      id: 'quiet',
      pull: async () => ({ deltas: [], hasMore: false }),
      subscribe: () => new Observable<Delta>((s) => s.complete()),
    };
    expect(await syncer.syncStream(quiet)).toBe(0);
  });
});
