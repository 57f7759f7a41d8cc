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

/** Calls `sync` with a progress token and returns the run and every progress notice heard. */
async function syncWithProgress(
  client: Client,
): Promise<{ run: Record<string, unknown>; progress: number[] }> {
  const progress: number[] = [];
  const result = await client.callTool(
    { name: 'sync', arguments: { source: 'items' } },
    undefined,
    {
      onprogress: (notice) => progress.push(notice.progress),
      resetTimeoutOnProgress: true,
    },
  );
  return { run: (result.structuredContent as { run: Record<string, unknown> }).run, progress };
}

function expectProgressUpTo(progress: readonly number[], total: number): void {
  expect(progress.length).toBeGreaterThan(0);
  expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  expect(progress.at(-1)).toBeLessThanOrEqual(total);
  expect(progress[0]).toBeGreaterThan(0);
}

describe('a first sync through MCP', () => {
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
    serve = await startServe(dir, { PROGRESS_MCP_TOKEN: TOKEN });
    const http = new McpClient({ name: 'progress-http', version: '1.0.0' });
    await http.connect(
      new StreamableHTTPClientTransport(new URL(`${serve.url}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
      }),
    );
    client = http;
    const { run, progress } = await syncWithProgress(http);
    expect(run).toMatchObject({ outcome: 'ok', pages: 30, applied: 3000 });
    expectProgressUpTo(progress, 3000);
  }, 120_000);
});
