import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { webhookSignature } from '../src/serve/webhook-signature';
import { json, makeTempDir, removeTempDir, runCli, writeConfig } from './cli-harness';
import {
  pagedSource,
  runCliAsync,
  startPagedApi,
  startServe,
  stopServe,
  type PagedApi,
  type ServeProcess,
} from './serve-harness';

const ENV = { ITEMS_HOOK_SECRET: 'hook-secret-123', MIRROR_MCP_TOKEN: 'mcp-token-456' };

function serveConfig(api: PagedApi, source: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    database: 'mirror.db',
    serve: { port: 0, jitterMs: 0, mcp: { token: { $env: 'MIRROR_MCP_TOKEN' } } },
    sources: {
      items: pagedSource(api, {
        webhook: { secret: { $env: 'ITEMS_HOOK_SECRET' } },
        ...source,
      }),
    },
  };
}

function query<T>(dir: string, sql: string): T[] {
  return json<T[]>(runCli(['query', '--json', sql], dir));
}

/** Prometheus text exposition: each sample line is `name{labels} value`. */
function samples(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (-?[0-9.e+-]+|NaN|[+-]Inf)$/.exec(
      line,
    );
    if (match === null) throw new Error(`not a Prometheus sample line: ${line}`);
    values.set(match[1] as string, Number(match[2]));
  }
  return values;
}

describe('oxide-mirror serve', () => {
  let dir: string;
  let api: PagedApi;
  let serve: ServeProcess | undefined;

  beforeEach(async () => {
    dir = makeTempDir();
    api = await startPagedApi(40, 5);
  });
  afterEach(async () => {
    await stopServe(serve);
    serve = undefined;
    await api.close();
    removeTempDir(dir);
  });

  it('refuses a misspelt serve setting and a schedule it cannot read, naming each', () => {
    writeConfig(dir, { ...serveConfig(api), serve: { prot: 8080 } });
    const misspelt = runCli(['serve'], dir, ENV);
    expect(misspelt.code).toBe(1);
    expect(misspelt.stderr).toMatch(/serve: unknown key "prot"/);
    writeConfig(dir, serveConfig(api, { schedule: 'every five minutes' }));
    const unreadable = runCli(['serve'], dir, ENV);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toMatch(/sources\.items\.schedule: "every five minutes" is neither/);
  });

  it('names a missing secret before opening anything, and a port another process holds', async () => {
    writeConfig(dir, serveConfig(api));
    const missing = runCli(['serve'], dir, { ITEMS_HOOK_SECRET: ENV.ITEMS_HOOK_SECRET });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /serve\.mcp\.token: environment variable MIRROR_MCP_TOKEN is not set/,
    );
    expect(existsSync(join(dir, 'mirror.db'))).toBe(false);

    serve = await startServe(dir, ENV);
    const port = new URL(serve.url).port;
    writeConfig(dir, { ...serveConfig(api), serve: { port: Number(port) } }, 'second.json');
    const second = await runCliAsync(['serve', '--config', 'second.json'], dir, ENV);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(
        `cannot listen on 127\\.0\\.0\\.1:${port}: EADDRINUSE \\(another process has it: set serve\\.port\\)`,
      ),
    );
  }, 60_000);

  it('refuses a webhook with a bad signature and syncs on a good one; metrics count the run', async () => {
    writeConfig(dir, serveConfig(api));
    serve = await startServe(dir, ENV);
    const body = JSON.stringify({ event: 'items.changed' });
    const post = (signature: string | undefined): Promise<Response> =>
      fetch(`${serve?.url}/hooks/items`, {
        method: 'POST',
        body,
        headers: signature === undefined ? {} : { 'X-Hub-Signature-256': signature },
      });

    expect((await post(undefined)).status).toBe(401);
    expect((await post(webhookSignature(body, 'wrong-secret'))).status).toBe(401);
    expect((await post(webhookSignature(`${body} `, ENV.ITEMS_HOOK_SECRET))).status).toBe(401);
    expect(api.requests).toEqual([]);

    const accepted = await post(webhookSignature(body, ENV.ITEMS_HOOK_SECRET));
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toEqual({ source: 'items', sync: 'queued' });
    await serve.waitForStderr(/items ok in/);
    expect(query(dir, 'SELECT count(*) AS n FROM items')).toEqual([{ n: 40 }]);

    const oversized = await fetch(`${serve.url}/hooks/items`, {
      method: 'POST',
      body: Buffer.alloc(5 * 1024 * 1024),
    });
    expect(oversized.status).toBe(413);
    const unknown = await fetch(`${serve.url}/hooks/nope`, { method: 'POST', body });
    expect(unknown.status).toBe(404);

    const health = await fetch(`${serve.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const scrape = await fetch(`${serve.url}/metrics`);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const metrics = samples(await scrape.text());
    expect(metrics.get('oxide_mirror_syncs_total{source="items",outcome="ok"}')).toBe(1);
    expect(metrics.get('oxide_mirror_pages_total{source="items"}')).toBe(8);
    expect(metrics.get('oxide_mirror_deltas_total{source="items",decision="applied"}')).toBe(40);
    expect(metrics.get('oxide_mirror_rejects_total{source="items"}')).toBe(0);
    const lag = metrics.get('oxide_mirror_freshness_lag_seconds{source="items"}');
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(600);
  }, 60_000);

  it('on SIGTERM mid-sync commits the page in flight, records the run and exits 0', async () => {
    writeConfig(dir, serveConfig(api, { schedule: 'every 1h' }));
    api.holdFrom(4);
    // Never synced: the scheduled source runs at start.
    serve = await startServe(dir, ENV);
    await api.requested(4);
    serve.child.kill('SIGTERM');
    await serve.waitForStderr(/stopping after the page in flight/);
    api.release();
    expect(await serve.exited).toBe(0);

    const [run] = query<{ outcome: string; pages: number; applied: number; error: string | null }>(
      dir,
      'SELECT outcome, pages, applied, error FROM sync_runs',
    );
    expect(run).toMatchObject({ outcome: 'interrupted', error: null });
    expect(run?.pages).toBeGreaterThanOrEqual(3);
    expect(run?.pages).toBeLessThan(8);
    expect(run?.applied).toBe((run?.pages ?? 0) * 5);
    expect(query(dir, 'SELECT count(*) AS n FROM items')).toEqual([{ n: run?.applied }]);

    // The next sync resumes where the run stopped: every record once, no event twice.
    expect((await runCliAsync(['sync'], dir, ENV)).code).toBe(0);
    expect(query(dir, 'SELECT count(*) AS n, count(DISTINCT id) AS ids FROM items')).toEqual([
      { n: 40, ids: 40 },
    ]);
    expect(query(dir, 'SELECT count(*) AS n FROM mirror_events')).toEqual([{ n: 40 }]);
  }, 60_000);

  it('serves MCP over Streamable HTTP to several sessions at once, behind the bearer token', async () => {
    writeConfig(dir, serveConfig(api));
    expect((await runCliAsync(['sync'], dir, ENV)).code).toBe(0);
    serve = await startServe(dir, ENV);
    const url = new URL(`${serve.url}/mcp`);
    const connect = async (token: string): Promise<Client> => {
      const client = new Client({ name: `agent-${token}`, version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(url, {
          requestInit: { headers: { Authorization: `Bearer ${token}` } },
        }),
      );
      return client;
    };
    await expect(connect('not-the-token')).rejects.toThrow(/401|bearer/i);

    const [first, second] = await Promise.all([
      connect(ENV.MIRROR_MCP_TOKEN),
      connect(ENV.MIRROR_MCP_TOKEN),
    ]);
    try {
      const answers = await Promise.all(
        [first, second].map((client, index) =>
          client.callTool({
            name: 'query',
            arguments: {
              sql: 'SELECT id FROM items ORDER BY id LIMIT 1 OFFSET ?',
              params: [index],
            },
          }),
        ),
      );
      expect(answers.map((answer) => answer.structuredContent)).toEqual([
        expect.objectContaining({ rows: [['r0']] }),
        expect.objectContaining({ rows: [['r1']] }),
      ]);
      // A sync asked for over MCP runs on the server's scheduler and answers with its run.
      const synced = await first.callTool({
        name: 'sync',
        arguments: { source: 'items', wait: true },
      });
      expect(synced.structuredContent).toMatchObject({
        run: { source: 'items', outcome: 'ok', pulled: 40, applied: 0 },
      });
      const metrics = samples(await (await fetch(`${serve.url}/metrics`)).text());
      expect(metrics.get('oxide_mirror_query_duration_seconds_count{client="mcp"}')).toBe(2);
    } finally {
      await first.close();
      await second.close();
    }
  }, 60_000);
});
