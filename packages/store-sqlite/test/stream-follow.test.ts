import {
  StreamResumeError,
  SyncInProgressError,
  Syncer,
  streamCheckpoint,
  type PullResult,
  type StreamItem,
  type SyncSource,
} from '@oxide-mirror/core';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import type { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { Observable, throwError } from 'rxjs';
import { memoryStore, upsertAt } from './fixtures';

/**
 * A change feed like a database's replication stream: change `n` (1-based) upserts record
 * `r<n mod 7>`; `subscribe(cursor)` replays the changes after sequence number `cursor`, each followed
 * by a checkpoint at its number, then emits new ones as `publish` adds them, and never completes.
 */
class ChangeFeed implements SyncSource {
  readonly id = 'feed';
  /** The cursors `subscribe` was called with, in order. */
  readonly opened: (string | undefined)[] = [];
  private readonly changes: number[] = [];
  private readonly listeners = new Set<(n: number) => void>();

  /** The oldest change the feed still holds; older cursors cannot resume. */
  constructor(private readonly retainedFrom = 1) {}

  publish(count: number): void {
    for (let i = 0; i < count; i++) {
      const n = this.changes.length + 1;
      this.changes.push(n);
      for (const listener of this.listeners) listener(n);
    }
  }

  async pull(cursor: string | undefined): Promise<PullResult> {
    const after = Number(cursor ?? 0);
    const page = this.changes.filter((n) => n > after).slice(0, 5);
    const last = page[page.length - 1] ?? after;
    return {
      deltas: page.map(changeDelta),
      nextCursor: String(last),
      hasMore: last < this.changes.length,
    };
  }

  subscribe(cursor: string | undefined): Observable<StreamItem> {
    this.opened.push(cursor);
    const after = Number(cursor ?? 0);
    if (after + 1 < this.retainedFrom) {
      return throwError(
        () => new StreamResumeError(this.id, cursor, `history starts at ${this.retainedFrom}`),
      );
    }
    return new Observable<StreamItem>((subscriber) => {
      const emit = (n: number): void => {
        subscriber.next(changeDelta(n));
        subscriber.next(streamCheckpoint(String(n)));
      };
      for (const n of this.changes) if (n > after) emit(n);
      this.listeners.add(emit);
      return () => this.listeners.delete(emit);
    });
  }
}

function changeDelta(n: number) {
  return upsertAt(n, `r${n % 7}`, { n }, 'feed');
}

/** Resolves once `store` holds `count` events. */
async function eventsReach(store: SqliteMirrorStore, count: number): Promise<void> {
  while ((await store.eventCount()) < count) await new Promise((done) => setTimeout(done, 5));
}

describe('following a live stream', () => {
  let store: SqliteMirrorStore;
  beforeEach(async () => {
    store = await memoryStore();
  });
  afterEach(async () => {
    await store.close();
  });

  function syncerFor(): Syncer {
    return new Syncer({
      store,
      strategy: new LastWriteWins(),
      streamBatchSize: 10,
      streamFlushMs: 20,
    });
  }

  it('commits each batch with its last checkpoint and resumes after it, with no change twice', async () => {
    const feed = new ChangeFeed();
    feed.publish(12);
    const stop = new AbortController();
    const following = syncerFor().syncStream(feed, undefined, { signal: stop.signal });
    await eventsReach(store, 12);
    feed.publish(9);
    await eventsReach(store, 21);
    stop.abort();
    expect(await following).toBe(21);
    expect(await store.getCursor('feed')).toBe('21');

    // Changes made while nobody follows arrive on the next follow, from the stored cursor.
    feed.publish(5);
    const again = new AbortController();
    const resumed = syncerFor().syncStream(feed, undefined, { signal: again.signal });
    await eventsReach(store, 26);
    again.abort();
    expect(await resumed).toBe(5);
    expect(feed.opened).toEqual([undefined, '21']);
    expect(await store.eventCount()).toBe(26);
    expect(await store.getCursor('feed')).toBe('26');
    const rows = await store.query(
      "SELECT record_id, json_extract(payload, '$.n') AS n FROM mirror_records ORDER BY record_id",
    );
    // Each record holds its latest change: the largest n ≤ 26 with that remainder mod 7.
    expect(rows).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((r) => ({ record_id: `r${r}`, n: 26 - ((26 - r) % 7) })),
    );
  });

  it('holds the source lock while it follows', async () => {
    const feed = new ChangeFeed();
    feed.publish(3);
    const stop = new AbortController();
    const following = syncerFor().syncStream(feed, undefined, { signal: stop.signal });
    await eventsReach(store, 3);
    await expect(store.lockSource('feed')).rejects.toBeInstanceOf(SyncInProgressError);
    stop.abort();
    await following;
    const lock = await store.lockSource('feed');
    await lock.release();
  });

  it('catches up with pull when the stream cannot resume, then follows from there', async () => {
    const feed = new ChangeFeed(15);
    feed.publish(17);
    const stop = new AbortController();
    const following = syncerFor().syncStream(feed, undefined, { signal: stop.signal });
    await eventsReach(store, 17);
    feed.publish(2);
    await eventsReach(store, 19);
    stop.abort();
    // 17 changes pulled (the stream no longer holds the first ones), then 2 streamed.
    expect(await following).toBe(19);
    expect(feed.opened).toEqual([undefined, '17']);
    expect(await store.eventCount()).toBe(19);
    expect(await store.getCursor('feed')).toBe('19');
  });

  it('fails when the stream cannot resume even after catching up', async () => {
    const broken: SyncSource = {
      id: 'broken',
      pull: async () => ({ deltas: [], hasMore: false }),
      subscribe: (cursor) =>
        throwError(() => new StreamResumeError('broken', cursor, 'it never can')),
    };
    await expect(syncerFor().syncStream(broken)).rejects.toBeInstanceOf(StreamResumeError);
  });
});
