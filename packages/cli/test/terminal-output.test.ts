import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  json,
  makeTempDir,
  peopleConfig,
  removeTempDir,
  runCli,
  staticSource,
  upsert,
  writeConfig,
} from './cli-harness';
import { runCliAsync } from './serve-harness';

// Every test runs the built binary in child processes; on a busy two-core machine a handful of
// runs can take longer than jest's default five seconds.
jest.setTimeout(120_000);

/** How a duration reads in tables and summaries. */
const TOOK = String.raw`(\d+ ms|\d+\.\d s)`;

/** The newest item's update time; the cursor's watermark after a full sync. */
const NEWEST = '2024-06-01T00:05:00.000Z';

/**
 * A local REST API of five items, updated a minute apart up to {@link NEWEST}, paged by offset
 * and limit with a `total` record count, filtered by `updated_since`.
 */
async function startItemsApi(): Promise<{ url: string; close(): Promise<void> }> {
  const items = Array.from({ length: 5 }, (_, i) => ({
    id: `i${i + 1}`,
    name: `item ${i + 1}`,
    tags: { rank: i + 1, labels: ['a', 'b'] },
    updated_at: new Date(Date.parse(NEWEST) - (4 - i) * 60_000).toISOString(),
  }));
  const server: Server = createServer((request, response) => {
    const query = new URL(request.url ?? '/', 'http://api').searchParams;
    const since = query.get('updated_since');
    const matching = items.filter(
      (item) => since === null || Date.parse(item.updated_at) >= Date.parse(since),
    );
    const offset = Number(query.get('offset') ?? 0);
    const limit = Number(query.get('limit') ?? 2);
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(
      JSON.stringify({ results: matching.slice(offset, offset + limit), total: matching.length }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A config with one source-http source, `shop`, over the items API. */
function shopConfig(url: string): Record<string, unknown> {
  return {
    database: 'mirror.db',
    sources: {
      shop: {
        use: '@oxide-mirror/source-http',
        options: {
          baseUrl: url,
          resources: [
            {
              name: 'items',
              path: '/items',
              recordsAt: 'results',
              idField: 'id',
              updatedAtField: 'updated_at',
              pagination: { kind: 'offset', limit: 2, totalPath: 'total' },
              incremental: { param: 'updated_since' },
            },
          ],
        },
      },
    },
  };
}

/** Every object key in `value`, except inside the maps whose keys are data (`except`). */
function keysOf(value: unknown, except: readonly string[]): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => keysOf(item, except));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => [
    key,
    ...(except.includes(key) ? [] : keysOf(item, except)),
  ]);
}

describe('progress when stderr is not a terminal', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('prints plain lines per resource, without control characters, at the interval asked', () => {
    writeConfig(dir, peopleConfig());
    const result = runCli(['sync', '--progress-every', '0'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('\r');
    expect(result.stderr).not.toContain('\u001b');
    const lines = result.stderr.trimEnd().split('\n');
    for (const line of lines) {
      expect(line).toMatch(/^syncing (crm|billing) \d+(\.\d)? m?s: \d+ events committed \(/);
    }
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^syncing crm .*: 3 events committed \(3 applied, 0 skipped\); contacts 3/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^syncing billing .*: 2 events committed .*; invoices 2( [\d.,]+\/s)?$/,
      ),
    );
  });

  it('prints nothing for a sync shorter than the default interval', () => {
    writeConfig(dir, peopleConfig());
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('refuses an interval that is not a number of seconds', () => {
    writeConfig(dir, peopleConfig());
    const result = runCli(['sync', '--progress-every', 'soon'], dir);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('must be a number of seconds, 0 or more');
  });

  it('shows the total the API reports and the share done', async () => {
    const api = await startItemsApi();
    try {
      writeConfig(dir, shopConfig(api.url));
      const result = await runCliAsync(['sync', '--progress-every', '0'], dir);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^syncing shop .*; items 2 of 5 \(40%\)/m);
      expect(result.stderr).toMatch(/^syncing shop .*; items 5 of 5 \(100%\)/m);
    } finally {
      await api.close();
    }
  });
});

describe('durations and readable cursors', () => {
  let dir: string;
  let api: { url: string; close(): Promise<void> };
  beforeEach(async () => {
    dir = makeTempDir();
    api = await startItemsApi();
    writeConfig(dir, shopConfig(api.url));
  });
  afterEach(async () => {
    await api.close();
    removeTempDir(dir);
  });

  it('sync, status and cursor show print the watermark, not the stored JSON', async () => {
    const sync = await runCliAsync(['sync'], dir);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(
      new RegExp(String.raw`^shop\s+ok(\s+\d+){3}\s.*\s${TOOK}\s+since 2024-06-01T00:05Z$`, 'm'),
    );
    expect(sync.stdout).toMatch(
      new RegExp(String.raw`sync ok: 1 source in ${TOOK}, \d+ pulled, 5 applied`),
    );
    expect(sync.stdout).not.toContain('"marks"');

    const status = runCli(['status'], dir);
    expect(status.stdout).toMatch(
      new RegExp(
        String.raw`^shop\s+\S+\s+ok\s+${TOOK}\s+no\s+\S+\s+since 2024-06-01T00:05Z\s+0$`,
        'm',
      ),
    );
    const shown = runCli(['cursor', 'show'], dir);
    expect(shown.stdout).toMatch(/^shop\s+\*\s+since 2024-06-01T00:05Z\s+\S+$/m);
  });

  it('--raw prints the stored value, and --json both', async () => {
    expect((await runCliAsync(['sync'], dir)).code).toBe(0);
    const stored = json<{ cursor: string; summary: string; updatedAt: string }[]>(
      runCli(['cursor', 'show', '--json'], dir),
    );
    expect(stored).toEqual([
      {
        source: 'shop',
        resource: '*',
        cursor: expect.stringContaining(`"marks":{"items":"${NEWEST}"}`),
        summary: 'since 2024-06-01T00:05Z',
        updatedAt: expect.any(String),
      },
    ]);
    const raw = stored[0]?.cursor as string;
    expect(runCli(['cursor', 'show', '--raw'], dir).stdout).toContain(raw);
    expect(runCli(['status', '--raw'], dir).stdout).toContain(raw);
    const status = json<{ cursor: string; cursorSummary: string }[]>(
      runCli(['status', '--json'], dir),
    );
    expect(status[0]).toMatchObject({ cursor: raw, cursorSummary: 'since 2024-06-01T00:05Z' });
  });

  it('reads a cursor no plugin describes from its content, and cuts what it cannot read', async () => {
    expect((await runCliAsync(['sync'], dir)).code).toBe(0);
    const legacy = JSON.stringify({
      page: 7,
      updated_since: '2024-06-01T00:05:00Z',
      etag: 'W/"abc"',
      next_url: 'https://api.example.com/v1/things?page=8',
    });
    expect(runCli(['cursor', 'set', 'legacy', legacy], dir).code).toBe(0);
    expect(runCli(['cursor', 'set', 'feed', '{"after":123}'], dir).code).toBe(0);
    expect(runCli(['cursor', 'set', 'opaque', 'x'.repeat(300)], dir).code).toBe(0);
    const rows = json<{ source: string; summary: string }[]>(
      runCli(['cursor', 'show', '--json'], dir),
    ).map(({ source, summary }) => [source, summary]);
    expect(rows).toEqual([
      ['feed', 'after id 123'],
      ['legacy', 'since 2024-06-01T00:05Z, page 7'],
      ['opaque', `${'x'.repeat(79)}…`],
      ['shop', 'since 2024-06-01T00:05Z'],
    ]);
  });
});

describe('--json', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('prints nested JSON from views and payloads as JSON, big integers exact, text as text', () => {
    writeConfig(dir, {
      database: 'mirror.db',
      sources: {
        shop: staticSource([
          [
            upsert(
              'orders',
              'o1',
              { lines: [{ sku: 'A', qty: 2 }], customer: { name: 'Ada' }, note: '[1, 2]' },
              'shop',
              '2024-01-01T00:00:00.000Z',
            ),
          ],
        ]),
      },
    });
    expect(runCli(['sync'], dir).code).toBe(0);
    const fromView = runCli(['query', '--json', 'SELECT lines, customer, note FROM orders'], dir);
    expect(json(fromView)).toEqual([
      { lines: [{ sku: 'A', qty: 2 }], customer: { name: 'Ada' }, note: '[1, 2]' },
    ]);
    const payload = runCli(['query', '--json', 'SELECT payload FROM mirror_records'], dir);
    expect(json(payload)).toEqual([
      { payload: { lines: [{ sku: 'A', qty: 2 }], customer: { name: 'Ada' }, note: '[1, 2]' } },
    ]);
    const big = runCli(['query', '--json', 'SELECT 9007199254740993 AS n'], dir);
    expect(big.stdout).toMatch(/"n": 9007199254740993\n/);
    const nestedBig = runCli(
      ['query', '--json', "SELECT json_object('n', 9007199254740993) AS o"],
      dir,
    );
    expect(nestedBig.stdout).toMatch(/"n": 9007199254740993\n/);
  });

  it('uses camelCase keys in every command', () => {
    writeConfig(dir, {
      database: 'mirror.db',
      sources: {
        ...(peopleConfig().sources as Record<string, unknown>),
        desk: staticSource([
          [upsert('tickets', 't2', { title: 'local time' }, 'desk', '2024-02-01T09:00:00')],
        ]),
      },
    });
    const outputs = [
      ['sync', '--json'],
      ['status', '--json'],
      ['cursor', 'show', '--json'],
      ['resources', '--json'],
      ['rejects', 'list', '--json'],
      ['describe', 'contacts', '--json'],
      ['history', 'contacts', 'c1', '--json'],
      ['check', '--json'],
    ].map((args) => {
      const result = runCli(args, dir);
      expect([args.join(' '), result.stderr.includes('Error') ? result.stderr : '']).toEqual([
        args.join(' '),
        '',
      ]);
      return json(result);
    });
    // Resource names and record payloads are data, not keys of ours.
    const keys = new Set(outputs.flatMap((output) => keysOf(output, ['perResource', 'payload'])));
    expect([...keys].filter((key) => !/^[a-z][A-Za-z0-9]*$/.test(key))).toEqual([]);
    expect([...keys]).toEqual(expect.arrayContaining(['lastSyncedAt', 'recordId', 'updatedAt']));
  });
});
