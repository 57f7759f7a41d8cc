import { Syncer } from '@oxide-mirror/core';
import { HttpSource, type HttpResourceConfig } from '@oxide-mirror/source-http';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { FakeTime } from './fake-time';
import { ScriptedServer, sendJson, type Script } from './scripted-server';

let server: ScriptedServer | undefined;
/** The requests the current test's server saw. */
const seen = (): URL[] => server?.seen ?? [];
let store: SqliteMirrorStore;
let time: FakeTime;

beforeEach(async () => {
  store = await SqliteMirrorStore.inMemory();
  time = new FakeTime('2030-01-31T00:00:00.000Z');
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  await store.close();
});

async function sync(script: Script, resource: Partial<HttpResourceConfig>): Promise<void> {
  server ??= await ScriptedServer.start(script);
  const source = new HttpSource(
    {
      id: 'api',
      baseUrl: server.url,
      resources: [{ name: 'items', path: '/items', idField: 'id', ...resource }],
    },
    { clock: time.clock, sleep: time.sleep },
  );
  await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source);
}

async function ids(): Promise<string[]> {
  return (await store.listRecords('items')).map((record) => record.recordId).sort();
}

/** Records 1…`count`, one minute apart from the start of 2030. */
function records(count: number): { id: number; at: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    at: new Date(Date.UTC(2030, 0, 1) + i * 60_000).toISOString(),
  }));
}

describe('paging, incremental and delete styles', () => {
  it('pages by number until the reported record count', async () => {
    const all = records(7);
    await sync(
      (_req, res, url) => {
        const page = Number(url.searchParams.get('page'));
        sendJson(res, { items: all.slice((page - 1) * 3, page * 3), total: 7 });
      },
      {
        recordsAt: 'items',
        pagination: {
          kind: 'page-number',
          sizeParam: 'per_page',
          size: 3,
          totalCountPath: 'total',
        },
      },
    );
    expect(await ids()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(seen().map((url) => url.searchParams.get('page'))).toEqual(['1', '2', '3']);
  });

  it.each([
    ['a cursor from the last record', { kind: 'last-record', param: 'starting_after' }],
    [
      'the path to the last id',
      { kind: 'next-cursor', cursorPath: 'data.-1.id', param: 'starting_after' },
    ],
  ] as const)('pages Stripe-style by %s until has_more is false', async (_name, paging) => {
    const all = records(7);
    await sync(
      (_req, res, url) => {
        const after = Number(url.searchParams.get('starting_after') ?? '0');
        const data = all.filter((record) => record.id > after).slice(0, 3);
        sendJson(res, { object: 'list', data, has_more: data.at(-1)?.id !== 7 });
      },
      {
        recordsAt: 'data',
        pagination: { ...paging, stopWhen: { path: 'has_more', equals: false } },
      },
    );
    expect(await ids()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(seen().map((url) => url.searchParams.get('starting_after'))).toEqual([null, '3', '6']);
  });

  it('follows a token past an empty page when told empty pages do not end the listing', async () => {
    const pages = [[], [{ id: 1 }], []];
    await sync(
      (_req, res, _url, index) =>
        sendJson(res, { data: pages[index] ?? [], next: index < 2 ? `t${index + 1}` : null }),
      {
        recordsAt: 'data',
        pagination: { kind: 'next-cursor', cursorPath: 'next', param: 't', stopOnEmptyPage: false },
      },
    );
    expect(await ids()).toEqual(['1']);
    expect(seen()).toHaveLength(3);
  });

  it('starts a first sync at a relative start, written in the parameter format', async () => {
    await sync((_req, res) => sendJson(res, []), {
      updatedAtField: 'at',
      incremental: { param: 'since', paramFormat: 'unix-ms', start: '-30d' },
    });
    expect(seen()[0]?.searchParams.get('since')).toBe(String(Date.UTC(2030, 0, 1)));
  });

  it('keeps the watermark behind the lag, so late writes are read again', async () => {
    const recent = [{ id: 1, at: '2030-01-30T23:59:30.000Z' }];
    const resource: Partial<HttpResourceConfig> = {
      updatedAtField: 'at',
      incremental: { param: 'since', lagMs: 60_000, start: '2030-01-30T00:00:00Z' },
    };
    await sync((_req, res) => sendJson(res, recent), resource);
    await sync((_req, res) => sendJson(res, recent), resource);
    // Each sync makes a catch-up pass from the newest record too; the next sync starts behind it.
    expect(seen().map((url) => url.searchParams.get('since'))).toEqual([
      '2030-01-30T00:00:00.000Z',
      '2030-01-30T23:59:30.000Z',
      '2030-01-30T23:59:00.000Z',
      '2030-01-30T23:59:30.000Z',
    ]);
  });

  it.each([
    ['present', 'deleted_at', [null, '2030-01-02T00:00:00Z', undefined], ['1', '3']],
    ['truthy', 'archived', [0, 1, ''], ['1', '3']],
    ['equals', 'state', ['live', 'gone', 'GONE'], ['1', '3']],
  ] as const)('recognises a delete flag by %s', async (match, field, values, kept) => {
    const body = values.map((value, i) => ({
      id: i + 1,
      ...(value === undefined ? {} : { [field]: value }),
    }));
    await sync((_req, res) => sendJson(res, body), {
      deletes:
        match === 'equals'
          ? { flagField: field, flagValue: 'gone' }
          : { flagField: field, flagMatch: match },
    });
    expect(await ids()).toEqual(kept);
    expect(
      await store.query("SELECT count(*) AS n FROM mirror_events WHERE op = 'delete'"),
    ).toEqual([{ n: 1 }]);
  });
});
