import { gzipSync } from 'node:zlib';
import { Syncer, SyncFailedError } from '@oxide-mirror/core';
import {
  HttpSource,
  HttpSourceError,
  type HttpResourceConfig,
  type HttpSourceConfig,
  type HttpSourceDependencies,
  type HttpWait,
} from '@oxide-mirror/source-http';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { FakeTime } from './fake-time';
import { everythingStored, messagesOf, rejectionOf } from './harness';
import { ScriptedServer, sendJson, type Script } from './scripted-server';

/** A secret with every character that has a second spelling: `/`, `+`, `=`. */
const SECRET = 'tok/Ab+Cd=Ef-0123456789-zz';

let server: ScriptedServer | undefined;
let store: SqliteMirrorStore;
let time: FakeTime;

beforeEach(async () => {
  store = await SqliteMirrorStore.inMemory();
  time = new FakeTime();
});

afterEach(async () => {
  await server?.close();
  await store.close();
});

let waits: HttpWait[] = [];

async function sourceFor(
  script: Script,
  resource: Partial<HttpResourceConfig> = {},
  overrides: Partial<HttpSourceConfig> = {},
  dependencies: HttpSourceDependencies = {},
): Promise<HttpSource> {
  waits = [];
  server = await ScriptedServer.start(script);
  return new HttpSource(
    {
      id: 'api',
      baseUrl: server.url,
      headers: { 'X-Key': { $env: 'API_KEY' } },
      retry: { maxAttempts: 3, baseDelayMs: 1 },
      resources: [{ name: 'items', path: '/items', idField: 'id', ...resource }],
      ...overrides,
    },
    {
      env: { API_KEY: SECRET },
      clock: time.clock,
      sleep: time.sleep,
      random: () => 0,
      onWait: (wait) => waits.push(wait),
      ...dependencies,
    },
  );
}

async function failureOf(source: HttpSource): Promise<HttpSourceError> {
  const error = await rejectionOf(
    new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source),
  );
  expect(error).toBeInstanceOf(SyncFailedError);
  const cause = (error as SyncFailedError).cause;
  expect(cause).toBeInstanceOf(HttpSourceError);
  return cause as HttpSourceError;
}

/** Every 6-character piece of the secret: none may be shown, not even half of it. */
function piecesOfSecret(): string[] {
  return Array.from({ length: SECRET.length - 5 }, (_, i) => SECRET.slice(i, i + 6));
}

describe('an HTTP source against a hostile server', () => {
  it('refuses a gzip bomb at the default limit, counting decompressed bytes', async () => {
    const bomb = gzipSync(Buffer.alloc(80 * 1024 * 1024, ' '));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const source = await sourceFor((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const error = await failureOf(source);
    expect(error.reason).toBe('too-large');
    expect(error.message).toContain(
      'exceeds maxResponseBytes (67108864 bytes after decompression)',
    );
  });

  it('stops paging that hands out new cursors with the same records', async () => {
    const source = await sourceFor(
      (_req, res, _url, index) =>
        sendJson(res, { data: [{ id: 1 }, { id: 2 }], next: `c${index}` }),
      { recordsAt: 'data', pagination: { kind: 'next-cursor', cursorPath: 'next', param: 'c' } },
    );
    const error = await failureOf(source);
    expect(error.message).toContain(
      'paging repeats itself: 3 pages in a row held the same 2 records',
    );
    expect(server?.seen).toHaveLength(3);
  });

  it('ends a sync that never runs out of pages at the request budget', async () => {
    const source = await sourceFor(
      (_req, res, _url, index) => sendJson(res, { data: [{ id: index }], next: `c${index}` }),
      { recordsAt: 'data', pagination: { kind: 'next-cursor', cursorPath: 'next', param: 'c' } },
      { maxRequestsPerSync: 20 },
    );
    const error = await failureOf(source);
    expect(error.reason).toBe('budget');
    expect(server?.seen).toHaveLength(20);
  });

  it.each([
    [
      'GitHub: 403 with x-ratelimit-remaining 0 waits until x-ratelimit-reset',
      403,
      {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Date.parse('2030-01-01T00:00:30Z') / 1000),
      },
      30_000,
    ],
    ['IETF RateLimit header on 429', 429, { ratelimit: 'limit=100, remaining=0, reset=7' }, 7000],
    ['IETF structured RateLimit on 403', 403, { ratelimit: '"default";r=0;t=5' }, 5000],
    [
      'IETF RateLimit-Remaining/Reset on 403',
      403,
      { 'ratelimit-remaining': '0', 'ratelimit-reset': '3' },
      3000,
    ],
    ['Retry-After as an HTTP date', 429, { 'retry-after': 'Tue, 01 Jan 2030 00:00:09 GMT' }, 9000],
  ])('%s', async (_name, status, headers, wait) => {
    const source = await sourceFor((_req, res, _url, index) =>
      index === 0
        ? sendJson(res, { message: 'rate limited' }, status, headers)
        : sendJson(res, [{ id: 1 }]),
    );
    const report = await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source);
    expect(report.applied).toBe(1);
    expect(time.sleeps).toEqual([wait]);
    expect(waits).toEqual([
      {
        url: `${server?.url}/items`,
        ms: wait,
        reason: 'rate-limited',
        problem: expect.stringMatching(/^HTTP 4\d\d/),
      },
    ]);
  });

  it('treats a 403 without rate-limit headers as forbidden, without retrying', async () => {
    const source = await sourceFor((_req, res) => sendJson(res, { message: 'no' }, 403));
    const error = await failureOf(source);
    expect(error).toMatchObject({ reason: 'status', status: 403, attempts: 1 });
  });

  it('redacts the secret in every spelling from an error, even where the excerpt would cut it', async () => {
    const escaped = JSON.stringify(SECRET).slice(1, -1).replaceAll('/', '\\/');
    const body =
      `{"error": "${'x'.repeat(180)}${escaped}", "url": "?key=${encodeURIComponent(SECRET)}", ` +
      `"basic": "${Buffer.from(SECRET).toString('base64')}"}`;
    const source = await sourceFor((_req, res) => sendJson(res, body, 401));
    const error = await failureOf(source);
    const shown = messagesOf(error) + (await everythingStored(store));
    for (const piece of piecesOfSecret()) expect(shown).not.toContain(piece);
    expect(error.message).toContain('***');
  });

  it('treats credential-named headers and query parameters a host resolved as secrets', async () => {
    const source = await sourceFor(
      (_req, res, url) => sendJson(res, [{ id: 1, echo: url.search }]),
      {},
      { headers: { 'X-Key': 'ignored' }, query: { api_key: SECRET } },
    );
    await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source);
    expect((await store.getRecord('items', '1'))?.payload).toEqual({ id: 1, echo: '?api_key=***' });
  });

  it('keeps out a secret the host resolved under an ordinary name, in every spelling', async () => {
    const source = await sourceFor(
      (req, res) =>
        sendJson(res, [
          { id: 1, tenant: String(req.headers['x-tenant']) },
          { id: 2, b: btoa(SECRET) },
        ]),
      {},
      { headers: { 'X-Tenant': SECRET } },
      { secrets: [SECRET] },
    );
    await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source);
    expect((await store.getRecord('items', '1'))?.payload).toEqual({ id: 1, tenant: '***' });
    const stored = await everythingStored(store);
    for (const piece of piecesOfSecret()) expect(stored).not.toContain(piece);
  });

  it('replaces a secret a record echoes before the record is parsed', async () => {
    const source = await sourceFor((_req, res) =>
      sendJson(res, [
        { id: 1, echo: `key=${SECRET}`, encoded: encodeURIComponent(SECRET) },
        { id: 2, basic: Buffer.from(SECRET).toString('base64') },
      ]),
    );
    await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source);
    expect((await store.getRecord('items', '1'))?.payload).toEqual({
      id: 1,
      echo: 'key=***',
      encoded: '***',
    });
    const stored = await everythingStored(store);
    for (const piece of piecesOfSecret()) expect(stored).not.toContain(piece);
  });
});
