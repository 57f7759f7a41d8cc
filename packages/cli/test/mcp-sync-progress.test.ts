import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { connectMcp, makeTempDir, removeTempDir, writeConfig } from './cli-harness';
import {
  pagedSource,
  startPagedApi,
  startServe,
  stopServe,
  type PagedApi,
  type ServeProcess,
} from './serve-harness';

const TOKEN = 'progress-test-token';

/** The run a `sync` or `sync_status` call answered with. */
type Run = Record<string, unknown> & { id: number; outcome: string };

/**
 * Calls `sync` with a progress token, waiting for the end, and returns the run and every
 * progress notice heard.
 */
async function syncWithProgress(client: Client): Promise<{ run: Run; progress: number[] }> {
  const progress: number[] = [];
  const result = await client.callTool(
    { name: 'sync', arguments: { source: 'items', wait: true } },
    undefined,
    {
      onprogress: (notice) => progress.push(notice.progress),
      resetTimeoutOnProgress: true,
    },
  );
  return { run: (result.structuredContent as { run: Run }).run, progress };
}

/** `sync_status` of one run. */
async function runStatus(client: Client, runId: number): Promise<Run> {
  const result = await client.callTool({ name: 'sync_status', arguments: { runId } });
  return (result.structuredContent as { run: Run }).run;
}

/**
 * Starts a sync in the background while the API holds page 2, checks that the call answered
 * with the running run, then releases the API and follows the run by id until it ends.
 */
async function syncInBackground(client: Client, api: PagedApi): Promise<Run> {
  api.holdFrom(2);
  const result = await client.callTool({ name: 'sync', arguments: { source: 'items' } });
  const started = (result.structuredContent as { run: Run }).run;
  expect(started).toMatchObject({ source: 'items', outcome: 'running', durationMs: null });
  await api.requested(2);
  expect(await runStatus(client, started.id)).toMatchObject({ outcome: 'running' });
  api.release();
  let run = await runStatus(client, started.id);
  while (run.outcome === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 50));
    run = await runStatus(client, started.id);
  }
  return run;
}

function expectProgressUpTo(progress: readonly number[], total: number): void {
  expect(progress.length).toBeGreaterThan(0);
  expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  expect(progress.at(-1)).toBeLessThanOrEqual(total);
  expect(progress[0]).toBeGreaterThan(0);
}

describe('a large first sync through MCP', () => {
  let dir: string;
  let api: PagedApi;
  let client: Client | undefined;
  let serve: ServeProcess | undefined;

  beforeEach(async () => {
    dir = makeTempDir();
    api = await startPagedApi(3000, 100);
    writeConfig(dir, {
      database: 'mirror.db',
      serve: { port: 0, jitterMs: 0, mcp: { token: { $env: 'PROGRESS_MCP_TOKEN' } } },
      sources: { items: pagedSource(api) },
    });
  });
  async function connectHttp(): Promise<Client> {
    serve = await startServe(dir, { PROGRESS_MCP_TOKEN: TOKEN });
    const http = new McpClient({ name: 'progress-http', version: '1.0.0' });
    await http.connect(
      new StreamableHTTPClientTransport(new URL(`${serve.url}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
      }),
    );
    return http;
  }

  afterEach(async () => {
    await client?.close();
    client = undefined;
    await stopServe(serve);
    serve = undefined;
    await api.close();
    removeTempDir(dir);
  });

  it('sends progress notifications over stdio until the run completes', async () => {
    client = await connectMcp(dir, 'progress-stdio');
    const { run, progress } = await syncWithProgress(client);
    expect(run).toMatchObject({ outcome: 'ok', pages: 30, applied: 3000 });
    expectProgressUpTo(progress, 3000);
  }, 120_000);

  it('sends progress notifications over Streamable HTTP under serve', async () => {
    client = await connectHttp();
    const { run, progress } = await syncWithProgress(client);
    expect(run).toMatchObject({ outcome: 'ok', pages: 30, applied: 3000 });
    expectProgressUpTo(progress, 3000);
  }, 120_000);

  it('runs in the background over stdio, reported by sync_status until it ends', async () => {
    client = await connectMcp(dir, 'background-stdio');
    const run = await syncInBackground(client, api);
    expect(run).toMatchObject({ outcome: 'ok', pages: 30, applied: 3000 });
    expect(run.durationMs).toEqual(expect.any(Number));
  }, 120_000);

  it('runs in the background under serve, reported by sync_status until it ends', async () => {
    client = await connectHttp();
    const run = await syncInBackground(client, api);
    expect(run).toMatchObject({ outcome: 'ok', pages: 30, applied: 3000 });
  }, 120_000);

  it('interrupts a background sync when the client goes, and records the run', async () => {
    client = await connectMcp(dir, 'background-close');
    api.holdFrom(3);
    const result = await client.callTool({ name: 'sync', arguments: { source: 'items' } });
    const started = (result.structuredContent as { run: Run }).run;
    await api.requested(3);
    const closed = client.close();
    client = undefined;
    api.release();
    await closed;
    const reader = await connectMcp(dir, 'background-after');
    client = reader;
    // The server hears the close a moment after the release, so a page or two more may commit.
    const run = await runStatus(reader, started.id);
    expect(run).toMatchObject({ outcome: 'interrupted', applied: (run.pages as number) * 100 });
    expect(run.pages).toBeGreaterThanOrEqual(3);
    expect(run.pages).toBeLessThan(30);
  }, 120_000);
});
