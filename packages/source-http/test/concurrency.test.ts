import { Syncer } from '@oxide-mirror/core';
import { HttpSource, type HttpResourceConfig } from '@oxide-mirror/source-http';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { duplicateEvents, mirrorOf } from './harness';
import { ScriptedServer, sendJson } from './scripted-server';

/**
 * Pages of 2 records, 3 pages per resource. The first answers wait until `gather` requests are
 * in flight, so how many a source sends at once is observed, not raced.
 */
class SlowApi {
  inFlight = 0;
  mostInFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly arrivals: ((count: number) => void)[] = [];
  server!: ScriptedServer;

  constructor(private readonly gather: number) {}

  async start(): Promise<void> {
    this.server = await ScriptedServer.start((_req, res, url) => {
      this.inFlight += 1;
      this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
      for (const arrived of this.arrivals.splice(0)) arrived(this.server.seen.length);
      // Every answer waits for the next request or a release, so overlap is observable.
      const answer = (): void => {
        this.inFlight -= 1;
        const page = Number(url.searchParams.get('page') ?? '1');
        const name = url.pathname.slice(1);
        const data = [1, 2].map((i) => ({ id: `${name}-${page}-${i}` }));
        sendJson(res, { data, next: page < 3 ? page + 1 : null });
      };
      this.waiting.push(answer);
      if (this.server.seen.length >= this.gather) for (const next of this.waiting.splice(0)) next();
    });
  }

  /** Resolves once the server has seen `count` requests. */
  async requestsSeen(count: number): Promise<void> {
    while (this.server.seen.length < count) {
      await new Promise<number>((resolve) => this.arrivals.push(resolve));
    }
  }
}

function resource(name: string): HttpResourceConfig {
  return {
    name,
    path: `/${name}`,
    recordsAt: 'data',
    idField: 'id',
    pagination: { kind: 'next-cursor', cursorPath: 'next', param: 'page' },
  };
}

let api: SlowApi;
let store: SqliteMirrorStore;

beforeEach(async () => {
  api = new SlowApi(3);
  await api.start();
  store = await SqliteMirrorStore.inMemory();
});

afterEach(async () => {
  await api.server.close();
  await store.close();
});

function source(concurrency?: number): HttpSource {
  return new HttpSource({
    id: 'api',
    baseUrl: api.server.url,
    resources: ['a', 'b', 'c'].map(resource),
    ...(concurrency === undefined ? {} : { concurrency }),
  });
}

describe('an HTTP source with several resources', () => {
  it('fetches resources side by side and mirrors every page exactly once', async () => {
    const report = await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source());
    expect(report.applied).toBe(18);
    expect(api.mostInFlight).toBe(3);
    expect(Object.keys(await mirrorOf(store, 'b')).sort()).toEqual([
      'b-1-1',
      'b-1-2',
      'b-2-1',
      'b-2-2',
      'b-3-1',
      'b-3-2',
    ]);
    expect(await duplicateEvents(store)).toEqual([]);
    expect(api.server.seen).toHaveLength(9);
  });

  it('keeps to the configured concurrency', async () => {
    await api.server.close();
    api = new SlowApi(1);
    await api.start();
    await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source(1));
    expect(api.mostInFlight).toBe(1);
    expect(await store.query('SELECT count(*) AS n FROM mirror_records')).toEqual([{ n: 18 }]);
  });

  it('fetches the next page while the current one is being committed', async () => {
    await api.server.close();
    api = new SlowApi(1);
    await api.start();
    const http = source(1);
    const controller = new AbortController();
    const first = await http.pull(undefined, { page: 1, signal: controller.signal });
    expect(first.deltas.map((delta) => delta.recordId)).toEqual(['a-1-1', 'a-1-2']);
    // No second pull yet: the request for page 2 is already on its way.
    await api.requestsSeen(2);
    expect(api.server.seen[1]?.searchParams.get('page')).toBe('2');
    const second = await http.pull(first.nextCursor, { page: 2, signal: controller.signal });
    expect(second.deltas.map((delta) => delta.recordId)).toEqual(['a-2-1', 'a-2-2']);
    await api.requestsSeen(3);
    expect(api.server.seen[2]?.searchParams.get('page')).toBe('3');
  });

  it('resumes from a stored cursor, not from what it prefetched', async () => {
    await api.server.close();
    api = new SlowApi(2);
    await api.start();
    const http = source(2);
    const signal = new AbortController().signal;
    const first = await http.pull(undefined, { page: 1, signal });
    await http.pull(first.nextCursor, { page: 2, signal });
    // Page 2 failed to commit: the engine pulls again from page 1's cursor.
    let cursor = first.nextCursor;
    const ids: string[] = first.deltas.map((delta) => delta.recordId);
    // Page numbers go on: only the cursor tells that the prefetched pages do not follow it.
    for (let page = 3; cursor !== undefined; page++) {
      const next = await http.pull(cursor, { page, signal });
      ids.push(...next.deltas.map((delta) => delta.recordId));
      cursor = next.hasMore ? next.nextCursor : undefined;
    }
    expect(ids.sort()).toEqual(
      ['a', 'b', 'c']
        .flatMap((name) => [1, 2, 3].flatMap((p) => [`${name}-${p}-1`, `${name}-${p}-2`]))
        .sort(),
    );
  });
});
