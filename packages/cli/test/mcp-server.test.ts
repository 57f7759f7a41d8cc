import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  connectMcp,
  fingerprint,
  makeTempDir,
  peopleConfig,
  removeTempDir,
  runCli,
  startCli,
  writeConfig,
} from './cli-harness';

/** The text of a tool result, and its structured content. */
interface ToolOutcome {
  isError?: boolean;
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
}

describe('oxide-mirror mcp', () => {
  let dir: string;
  let client: Client;

  async function connect(config: Record<string, unknown>): Promise<void> {
    writeConfig(dir, config);
    client = await connectMcp(dir, 'mcp-test');
  }

  async function call(name: string, args: Record<string, unknown> = {}): Promise<ToolOutcome> {
    return (await client.callTool({ name, arguments: args })) as ToolOutcome;
  }

  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(async () => {
    await client?.close();
    removeTempDir(dir);
  });

  it('lists its tools with descriptions written for a model', async () => {
    await connect(peopleConfig());
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      'describe_resource',
      'get_record',
      'list_resources',
      'query',
      'record_history',
      'sync',
      'sync_status',
    ]);
    const query = tools.find((tool) => tool.name === 'query');
    expect(query?.description).toMatch(/JOIN helpdesk_tickets/);
    expect(query?.inputSchema.required).toEqual(['sql']);
  }, 60_000);

  it('syncs, then answers every read tool with structured results', async () => {
    await connect(peopleConfig());
    const synced = await call('sync', { source: 'crm', wait: true });
    expect(synced.isError).toBeFalsy();
    expect(synced.structuredContent?.run).toMatchObject({
      source: 'crm',
      outcome: 'ok',
      pulled: 3,
      applied: 3,
    });
    await call('sync', { source: 'billing', wait: true });

    const resources = await call('list_resources');
    expect(resources.structuredContent?.resources).toEqual([
      expect.objectContaining({ resource: 'contacts', records: 2, events: 3, view: 'contacts' }),
      expect.objectContaining({ resource: 'invoices', records: 2, events: 2, view: 'invoices' }),
    ]);

    const described = await call('describe_resource', { resource: 'contacts' });
    expect(described.structuredContent).toMatchObject({ resource: 'contacts', records: 2 });
    expect(
      (described.structuredContent?.fields as { field: string }[]).map((f) => f.field).sort(),
    ).toEqual(['age', 'email', 'name', 'vip']);

    const joined = await call('query', {
      sql: `SELECT c.name, i.amount, i.status, NULL AS missing FROM contacts AS c
            JOIN invoices AS i ON i.email = c.email WHERE i.amount > ? ORDER BY c.name`,
      params: [100],
    });
    expect(joined.content[0]?.text).not.toMatch(/failed|refused/);
    expect(joined.structuredContent).toEqual({
      columns: ['name', 'amount', 'status', 'missing'],
      rows: [['Ada L', 120.5, 'open', null]],
      rowCount: 1,
      truncated: false,
      moreRows: false,
    });

    const record = await call('get_record', { resource: 'contacts', recordId: 'c1' });
    expect(record.structuredContent).toMatchObject({
      payload: { name: 'Ada L' },
      version: 2,
      source: 'crm',
    });

    const history = await call('record_history', { resource: 'contacts', recordId: 'c1' });
    expect(
      (history.structuredContent?.changes as { decision: string; version: number }[]).map((c) => [
        c.decision,
        c.version,
      ]),
    ).toEqual([
      ['applied', 1],
      ['applied', 2],
    ]);

    const runId = (synced.structuredContent?.run as { id: number }).id;
    const crmRun = await call('sync_status', { runId });
    expect(crmRun.structuredContent?.run).toMatchObject({
      id: runId,
      source: 'crm',
      outcome: 'ok',
      pages: 2,
      applied: 3,
      durationMs: expect.any(Number),
    });
    expect(await call('sync_status', { runId: 999 })).toMatchObject({
      isError: true,
      content: [{ text: 'no sync run 999' }],
    });

    const status = await call('sync_status');
    expect(status.structuredContent?.sources).toEqual([
      expect.objectContaining({ source: 'crm', lastOutcome: 'ok', partial: false, cursor: '2' }),
      expect.objectContaining({ source: 'billing', lastOutcome: 'ok', cursor: '1' }),
    ]);
  }, 60_000);

  it('answers bad SQL and unknown names with clear tool errors and keeps serving', async () => {
    await connect(peopleConfig());
    await call('sync', { source: 'crm', wait: true });
    const before = fingerprint(join(dir, 'mirror.db'));

    const outcomes = await Promise.all([
      call('query', { sql: 'DELETE FROM mirror_records' }),
      call('query', { sql: "ATTACH DATABASE 'other.db' AS other" }),
      call('query', { sql: 'SELECT * FROM no_such_table' }),
      call('describe_resource', { resource: 'tickets' }),
      call('get_record', { resource: 'contacts', recordId: 'nobody' }),
      call('sync', { source: 'nowhere' }),
    ]);
    expect(outcomes.map((outcome) => [outcome.isError, outcome.content[0]?.text])).toEqual([
      [true, 'query refused: DELETE statements are not allowed'],
      [true, expect.stringMatching(/query refused: ATTACH statements are not allowed/)],
      [true, expect.stringMatching(/no such table: no_such_table/)],
      [true, "unknown resource 'tickets'; the mirror has: contacts"],
      [true, 'no live record contacts/nobody'],
      [true, "unknown source 'nowhere'; configured: crm, billing"],
    ]);
    expect(existsSync(join(dir, 'other.db'))).toBe(false);
    expect(fingerprint(join(dir, 'mirror.db'))).toBe(before);
    expect(
      (await call('query', { sql: 'SELECT count(*) AS n FROM mirror_records' })).structuredContent
        ?.rows,
    ).toEqual([[2]]);
  }, 60_000);

  it('cuts off runaway queries and results, and the server answers the next call', async () => {
    await connect({ ...peopleConfig(), query: { timeoutMs: 1000 }, mcp: { maxRows: 3 } });
    await call('sync', { source: 'crm', wait: true });
    const runaway = await call('query', {
      sql: 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n',
    });
    expect(runaway).toMatchObject({
      isError: true,
      content: [{ text: expect.stringMatching(/1000 ms limit/) }],
    });
    const huge = await call('query', {
      sql: 'SELECT a.position FROM mirror_events a, mirror_events b, mirror_events c, mirror_events d',
    });
    expect(huge.structuredContent).toMatchObject({ rowCount: 3, truncated: 'rows' });
    expect(
      (await call('get_record', { resource: 'contacts', recordId: 'c2' })).isError,
    ).toBeFalsy();
  }, 60_000);

  it('does not offer sync when the config switches it off, and needs no source secrets', async () => {
    const config = {
      ...peopleConfig(),
      mcp: { allowSync: false },
      sources: {
        ...(peopleConfig().sources as Record<string, unknown>),
        tickets: {
          use: '@oxide-mirror/source-http',
          options: {
            baseUrl: 'http://127.0.0.1:9/api',
            headers: { Authorization: { $env: 'TICKETS_TOKEN_NOT_SET' } },
            resources: [{ name: 'tickets', path: '/tickets', idField: 'id' }],
          },
        },
      },
    };
    writeConfig(dir, config);
    // A server that may not sync only reads: it will not create a mirror, so there must be one.
    expect(runCli(['mcp'], dir)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/no mirror at/),
    });
    expect(existsSync(join(dir, 'mirror.db'))).toBe(false);
    expect(runCli(['sync', 'crm'], dir).code).toBe(0);
    await connect(config);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).not.toContain('sync');
    expect(tools.map((tool) => tool.name)).toContain('query');
    const counted = await call('query', { sql: 'SELECT count(*) AS n FROM contacts' });
    expect(counted.structuredContent).toMatchObject({ rows: [[2]] });
  }, 60_000);

  it('exits 0 on SIGTERM, as when the client closes stdin', async () => {
    writeConfig(dir, peopleConfig());
    expect(runCli(['sync'], dir).code).toBe(0);
    const server = startCli(['mcp'], dir);
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    const answered = new Promise<void>((resolve) => server.stdout.once('data', () => resolve()));
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'sigterm-test', version: '1.0.0' },
      },
    };
    server.stdin.write(`${JSON.stringify(initialize)}\n`);
    await answered;
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);

  it('names the problem when started on a bad config', () => {
    writeConfig(dir, '{ not json');
    const result = runCli(['mcp'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/oxide-mirror.config.json/);
  });
});
