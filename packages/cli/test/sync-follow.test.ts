import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  appendChanges,
  eventCount,
  eventsReach,
  installChangeLogSource,
  installPullOnlySource,
} from './changelog-plugin';
import { json, makeTempDir, removeTempDir, runCli, startCli, writeConfig } from './cli-harness';

// Every test runs the built binary in child processes; on a busy two-core machine a handful of
// runs can take longer than jest's default five seconds.
jest.setTimeout(120_000);

/** Resolves with the exit code and what the process printed on stdout. */
function ended(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; out: string }> {
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

interface FollowReport {
  outcome: string;
  runs: { source: string; outcome: string; applied: number; pulled: number; cursorAfter: string }[];
}

describe('sync --follow', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
    installChangeLogSource(dir);
    writeConfig(dir, {
      database: 'mirror.db',
      sources: { feed: { use: '@acme/source-changelog', options: { log: 'changes.log' } } },
    });
  });
  afterEach(() => removeTempDir(dir));

  it('follows appended changes until SIGTERM, records the run interrupted, and resumes after it', async () => {
    appendChanges(dir, 0, 3);
    const first = startCli(['sync', '--follow', '--json'], dir);
    const firstEnd = ended(first);
    await eventsReach(dir, 3);
    appendChanges(dir, 3, 5);
    await eventsReach(dir, 5);
    first.kill('SIGTERM');
    const { code, out } = await firstEnd;
    expect(code).toBe(130);
    const report = JSON.parse(out) as FollowReport;
    expect(report.outcome).toBe('ok');
    expect(report.runs).toEqual([
      expect.objectContaining({
        source: 'feed',
        outcome: 'interrupted',
        pulled: 5,
        applied: 5,
        cursorAfter: '5',
      }),
    ]);
    const logged = json<{ outcome: string; applied: number }[]>(
      runCli(['query', '--json', 'SELECT outcome, applied FROM sync_runs'], dir),
    );
    expect(logged).toEqual([{ outcome: 'interrupted', applied: 5 }]);

    appendChanges(dir, 5, 7);
    const second = startCli(['sync', '--follow', 'feed'], dir);
    const secondEnd = ended(second);
    await eventsReach(dir, 7);
    second.kill('SIGTERM');
    const again = await secondEnd;
    expect(again.code).toBe(130);
    expect(again.out).toMatch(/sync ok: 1 source in (\d+ ms|\d+\.\d s), 2 pulled, 2 applied/);
    expect(eventCount(dir)).toBe(7);
  });

  it('loses and repeats nothing when killed mid-stream and started again', async () => {
    appendChanges(dir, 0, 10);
    const killed = startCli(['sync', '--follow'], dir);
    const killedEnd = ended(killed);
    await eventsReach(dir, 10);
    // The stream takes one change every few milliseconds: the kill lands while it streams these.
    appendChanges(dir, 10, 120);
    killed.kill('SIGKILL');
    await killedEnd;
    const committed = eventCount(dir);
    expect(committed).toBeLessThan(120);

    const resumed = startCli(['sync', '--follow'], dir);
    const resumedEnd = ended(resumed);
    await eventsReach(dir, 120);
    resumed.kill('SIGTERM');
    expect((await resumedEnd).code).toBe(130);
    const rows = json<{ events: number; records: number; ids: number; newest: number }[]>(
      runCli(
        [
          'query',
          '--json',
          'SELECT (SELECT count(*) FROM mirror_events) AS events, ' +
            '(SELECT count(*) FROM items) AS records, ' +
            '(SELECT count(DISTINCT record_id) FROM mirror_events) AS ids, ' +
            '(SELECT max(version) FROM mirror_records) AS newest',
        ],
        dir,
      ),
    );
    expect(rows).toEqual([{ events: 120, records: 120, ids: 120, newest: 1 }]);
  });

  it('refuses a source without a live stream, naming it, before the mirror is created', () => {
    installPullOnlySource(dir);
    writeConfig(dir, {
      database: 'mirror.db',
      sources: {
        feed: { use: '@acme/source-changelog', options: { log: 'changes.log' } },
        crm: { use: '@acme/source-snapshot' },
      },
    });
    const refused = runCli(['sync', '--follow'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "oxide-mirror: source 'crm' has no live stream; sync it without --follow",
    );
    expect(existsSync(join(dir, 'mirror.db'))).toBe(false);

    // On an existing mirror the refusal records no run either.
    expect(runCli(['sync', 'crm'], dir).code).toBe(0);
    expect(runCli(['sync', '--follow', 'feed', 'crm'], dir).stderr).toContain(
      "source 'crm' has no live stream",
    );
    const runs = json<{ source: string }[]>(
      runCli(['query', '--json', 'SELECT source FROM sync_runs'], dir),
    );
    expect(runs).toEqual([{ source: 'crm' }]);
  });
});
