import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  appendChanges,
  eventCount,
  eventsReach,
  installChangeLogSource,
  installPullOnlySource,
} from './changelog-plugin';
import { json, makeTempDir, removeTempDir, runCli, startCli, writeConfig } from './cli-harness';
import { startServe, stopServe, type ServeProcess } from './serve-harness';

/** A mirror whose `feed` source follows a change log's live stream under serve. */
function followConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    database: 'mirror.db',
    serve: { port: 0, jitterMs: 0, backoff: { initialMs: 200, maxMs: 1_000 } },
    sources: {
      feed: {
        use: '@acme/source-changelog',
        options: { log: 'changes.log' },
        follow: true,
        ...extra,
      },
    },
  };
}

function query<T>(dir: string, sql: string): T[] {
  return json<T[]>(runCli(['query', '--json', sql], dir));
}

interface RecordedRun {
  outcome: string;
  applied: number;
  cursor_after: string | null;
  error: string | null;
}

function runs(dir: string): RecordedRun[] {
  return query<RecordedRun>(
    dir,
    'SELECT outcome, applied, cursor_after, error FROM sync_runs ORDER BY id',
  );
}

/** Events, records, distinct record ids and the newest version in the mirror. */
function mirrorShape(dir: string): {
  events: number;
  records: number;
  ids: number;
  newest: number;
} {
  const [shape] = query<{ events: number; records: number; ids: number; newest: number }>(
    dir,
    'SELECT (SELECT count(*) FROM mirror_events) AS events, ' +
      '(SELECT count(*) FROM items) AS records, ' +
      '(SELECT count(DISTINCT record_id) FROM mirror_events) AS ids, ' +
      '(SELECT max(version) FROM mirror_records) AS newest',
  );
  if (shape === undefined) throw new Error('no mirror shape');
  return shape;
}

describe('oxide-mirror serve with a followed stream', () => {
  let dir: string;
  let serve: ServeProcess | undefined;

  beforeEach(() => {
    dir = makeTempDir();
    installChangeLogSource(dir);
  });
  afterEach(async () => {
    await stopServe(serve);
    serve = undefined;
    removeTempDir(dir);
  });

  it('refuses "follow" on a source without a live stream, naming it, before creating the mirror', () => {
    installPullOnlySource(dir);
    writeConfig(dir, {
      ...followConfig(),
      sources: { crm: { use: '@acme/source-snapshot', follow: true } },
    });
    const refused = runCli(['serve'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "sources.crm.follow: source 'crm' has no live stream (its plugin has no subscribe)",
    );
    expect(existsSync(join(dir, 'mirror.db'))).toBe(false);

    writeConfig(dir, followConfig({ schedule: 'every 5m' }));
    const scheduled = runCli(['serve'], dir);
    expect(scheduled.code).toBe(1);
    expect(scheduled.stderr).toContain(
      'sources.feed.schedule: a source with "follow": true streams continuously under serve: remove "schedule"',
    );
  }, 60_000);

  it('follows events as they arrive, shows the live run, refuses its webhook, and stops cleanly on SIGTERM', async () => {
    writeConfig(dir, followConfig());
    appendChanges(dir, 0, 3);
    serve = await startServe(dir);
    await eventsReach(dir, 3);
    appendChanges(dir, 3, 8);
    await eventsReach(dir, 8);

    const page = await (await fetch(`${serve.url}/`)).text();
    expect(page).toMatch(
      /<td>feed<\/td><td>follows its live stream<\/td><td class="running">running<\/td>/,
    );
    expect(runs(dir)).toEqual([
      { outcome: 'running', applied: 0, cursor_after: null, error: null },
    ]);
    const hook = await fetch(`${serve.url}/hooks/feed`, { method: 'POST', body: '{}' });
    expect(hook.status).toBe(409);
    expect(await hook.json()).toEqual({
      error:
        "source 'feed' follows its live stream continuously: it is always up to date, " +
        'and a webhook has nothing to trigger',
    });
    const metrics = await (await fetch(`${serve.url}/metrics`)).text();
    // A live stream is fresh: its lag is the time the scrape took, not the time since a run ended.
    const lag = /^oxide_mirror_freshness_lag_seconds\{source="feed"\} (\S+)$/m.exec(metrics);
    expect(Number(lag?.[1])).toBeGreaterThanOrEqual(0);
    expect(Number(lag?.[1])).toBeLessThan(5);

    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(serve.stderr()).toMatch(/feed interrupted in [^:]+: \d+ pages, 8 applied, 0 rejected/);
    expect(runs(dir)).toEqual([
      { outcome: 'interrupted', applied: 8, cursor_after: '8', error: null },
    ]);
    expect(mirrorShape(dir)).toEqual({ events: 8, records: 8, ids: 8, newest: 1 });
  }, 120_000);

  it("answers MCP's sync on a followed source that it is live, not unknown", async () => {
    const env = { FOLLOW_MCP_TOKEN: 'follow-mcp-token-1' };
    const config = followConfig();
    config.serve = {
      ...(config.serve as Record<string, unknown>),
      mcp: { token: { $env: 'FOLLOW_MCP_TOKEN' } },
    };
    writeConfig(dir, config);
    appendChanges(dir, 0, 2);
    serve = await startServe(dir, env);
    await eventsReach(dir, 2);
    const client = new Client({ name: 'follow-agent', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${serve.url}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${env.FOLLOW_MCP_TOKEN}` } },
      }),
    );
    try {
      const answer = (await client.callTool({ name: 'sync', arguments: { source: 'feed' } })) as {
        isError?: boolean;
        content: { text: string }[];
      };
      expect(answer.isError).toBe(true);
      expect(answer.content[0]?.text).toBe(
        "source 'feed' is followed live by this server: its changes are mirrored as they " +
          'happen, so it needs no sync; sync_status shows how fresh it is',
      );
      const unknown = (await client.callTool({
        name: 'sync',
        arguments: { source: 'nowhere' },
      })) as { content: { text: string }[] };
      expect(unknown.content[0]?.text).toBe("unknown source 'nowhere'; configured: none");
    } finally {
      await client.close();
    }
  }, 120_000);

  it('on SIGTERM mid-stream records exactly what committed, and a restart resumes without loss or duplicates', async () => {
    writeConfig(dir, followConfig());
    appendChanges(dir, 0, 5);
    serve = await startServe(dir);
    await eventsReach(dir, 5);
    // The stream takes one change every few milliseconds: SIGTERM lands while it streams these.
    appendChanges(dir, 5, 200);
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    const committed = eventCount(dir);
    expect(committed).toBeLessThan(200);
    expect(runs(dir)).toEqual([
      { outcome: 'interrupted', applied: committed, cursor_after: String(committed), error: null },
    ]);
    expect(mirrorShape(dir)).toEqual({
      events: committed,
      records: committed,
      ids: committed,
      newest: 1,
    });

    serve = await startServe(dir);
    await eventsReach(dir, 200);
    appendChanges(dir, 200, 210);
    await eventsReach(dir, 210);
    await stopServe(serve);
    expect(await serve.exited).toBe(0);
    expect(runs(dir).map((run) => run.outcome)).toEqual(['interrupted', 'interrupted']);
    expect(runs(dir)[1]).toMatchObject({ applied: 210 - committed, cursor_after: '210' });
    expect(mirrorShape(dir)).toEqual({ events: 210, records: 210, ids: 210, newest: 1 });
  }, 120_000);

  it('catches up with pull when the stream cannot resume from the stored cursor, then follows', async () => {
    writeConfig(dir, {
      ...followConfig(),
      sources: {
        feed: {
          use: '@acme/source-changelog',
          options: { log: 'changes.log', streamsFrom: 6 },
          follow: true,
        },
      },
    });
    appendChanges(dir, 0, 10);
    serve = await startServe(dir);
    await eventsReach(dir, 10);
    appendChanges(dir, 10, 14);
    await eventsReach(dir, 14);
    await stopServe(serve);
    expect(await serve.exited).toBe(0);
    // One session: the catch-up page (changes 0–9) and then the streamed batches (10–13).
    expect(runs(dir)).toEqual([
      { outcome: 'interrupted', applied: 14, cursor_after: '14', error: null },
    ]);
    expect(mirrorShape(dir)).toEqual({ events: 14, records: 14, ids: 14, newest: 1 });
  }, 120_000);

  it('records a session that cannot take the source lock as failed and follows once it can', async () => {
    writeConfig(dir, followConfig());
    appendChanges(dir, 0, 4);
    // Another process follows the source first, so serve's sessions fail on its lock.
    const other = startCli(['sync', '--follow'], dir);
    const otherExited = new Promise((resolve) => other.on('exit', resolve));
    await eventsReach(dir, 4);
    serve = await startServe(dir);
    await serve.waitForStderr(/feed failed in .*already being synced[\s\S]*feed failed in/);
    other.kill('SIGTERM');
    await otherExited;

    appendChanges(dir, 4, 9);
    await eventsReach(dir, 9);
    await stopServe(serve);
    expect(await serve.exited).toBe(0);
    const recorded = runs(dir);
    expect(recorded[0]).toMatchObject({ outcome: 'interrupted', applied: 4 });
    const served = recorded.slice(1);
    expect(served.at(-1)).toMatchObject({ outcome: 'interrupted', applied: 5, cursor_after: '9' });
    const failed = served.slice(0, -1);
    expect(failed.length).toBeGreaterThanOrEqual(2);
    for (const run of failed) {
      expect(run).toMatchObject({ outcome: 'failed', applied: 0 });
      expect(run.error).toMatch(/source 'feed' is already being synced/);
    }
    expect(mirrorShape(dir)).toEqual({ events: 9, records: 9, ids: 9, newest: 1 });
  }, 120_000);
});
