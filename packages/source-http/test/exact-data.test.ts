import { Syncer } from '@oxide-mirror/core';
import { HttpSource, type HttpResourceConfig } from '@oxide-mirror/source-http';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { ScriptedServer, sendJson } from './scripted-server';

let server: ScriptedServer;
let store: SqliteMirrorStore;

afterEach(async () => {
  await server.close();
  await store.close();
});

async function syncBody(
  body: string,
  resource: Partial<HttpResourceConfig> = {},
  timeZone?: string,
): Promise<void> {
  server = await ScriptedServer.start((_req, res) => sendJson(res, body));
  store = await SqliteMirrorStore.inMemory();
  const source = new HttpSource({
    id: 'api',
    baseUrl: server.url,
    ...(timeZone === undefined ? {} : { timeZone }),
    resources: [{ name: 'items', path: '/items', idField: 'id', ...resource }],
  });
  await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source);
}

describe('an HTTP source mirrors data exactly', () => {
  it('keeps the digits of ids and amounts beyond 2^53', async () => {
    await syncBody('[{"id": 9007199254740993, "cents": 123456789012345678901}, {"id": 2}]');
    const ids = (await store.listRecords('items')).map((record) => record.recordId).sort();
    expect(ids).toEqual(['2', '9007199254740993']);
    const record = await store.getRecord('items', '9007199254740993');
    expect(record?.payload).toEqual({ id: 9007199254740993n, cents: 123456789012345678901n });
  });

  it('sets aside the one record with a number no value holds, not its page', async () => {
    await syncBody('[{"id": 1, "x": 1e400}, {"id": 2, "x": 0.5}]');
    expect((await store.listRecords('items')).map((record) => record.recordId)).toEqual(['2']);
    const rejects = await store.listRejects();
    expect(rejects).toHaveLength(1);
    expect(rejects[0]?.raw).toContain('1e400');
  });

  it('dates zoneless times in the configured zone, keeping sub-millisecond digits', async () => {
    await syncBody(
      '[{"id": 1, "at": "2024-03-10 10:00:00.123456"}, {"id": 2, "at": "2024-03-10T10:00:00Z"}]',
      { updatedAtField: 'at' },
      'America/New_York',
    );
    const times = await store.query(
      "SELECT record_id, occurred_at FROM mirror_events WHERE resource = 'items' ORDER BY record_id",
    );
    expect(times).toEqual([
      { record_id: '1', occurred_at: '2024-03-10T14:00:00.123456Z' },
      { record_id: '2', occurred_at: '2024-03-10T10:00:00.000Z' },
    ]);
  });
});
