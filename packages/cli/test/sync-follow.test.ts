import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  json,
  makeTempDir,
  removeTempDir,
  runCli,
  startCli,
  upsert,
  writeConfig,
} from './cli-harness';

// Every test runs the built binary in child processes; on a busy two-core machine a handful of
// runs can take longer than jest's default five seconds.
jest.setTimeout(120_000);

/** The built core and the rxjs it uses, as a third-party plugin installed beside them finds them. */
const CORE_ENTRY = join(__dirname, '..', '..', 'core', 'dist', 'index.js');
const RXJS_ENTRY = require.resolve('rxjs', { paths: [join(__dirname, '..', '..', 'core')] });

/** Installs a one-file CommonJS package `name` in `dir`'s node_modules, as npm would. */
function installPackage(dir: string, name: string, indexJs: string): void {
  const root = join(dir, 'node_modules', ...name.split('/'));
  mkdirSync(root, { recursive: true });
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name, version: '1.0.0', main: 'index.js' }),
  );
  writeFileSync(join(root, 'index.js'), indexJs);
}

/**
 * A third-party source plugin following a change log file (one delta as JSON per line): its
 * stream emits the changes one every few milliseconds, each followed by a checkpoint holding the
 * number of lines consumed, and its pull reads the same log from that number.
 */
function installChangeLogSource(dir: string): void {
  installPackage(
    dir,
    '@acme/source-changelog',
    `const fs = require('node:fs');
const path = require('node:path');
const { Observable } = require(${JSON.stringify(RXJS_ENTRY)});
const { streamCheckpoint } = require(${JSON.stringify(CORE_ENTRY)});
exports.oxideMirrorPlugin = {
  kind: 'source',
  name: 'changelog',
  createSource(options, context) {
    const file = path.resolve(context.baseDir, options.log);
    const changes = () => {
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      return text.slice(0, text.lastIndexOf('\\n') + 1).split('\\n').filter(Boolean).map((line) => JSON.parse(line));
    };
    return {
      id: context.id,
      async pull(cursor) {
        const all = changes();
        return { deltas: all.slice(Number(cursor ?? 0)), nextCursor: String(all.length), hasMore: false };
      },
      subscribe(cursor) {
        return new Observable((subscriber) => {
          let next = Number(cursor ?? 0);
          const timer = setInterval(() => {
            const all = changes();
            if (next >= all.length) return;
            subscriber.next(all[next]);
            next += 1;
            subscriber.next(streamCheckpoint(String(next)));
          }, 5);
          return () => clearInterval(timer);
        });
      },
    };
  },
};
`,
  );
}

/** A third-party source plugin that can only be pulled (its plugin has no `subscribe`). */
function installPullOnlySource(dir: string): void {
  installPackage(
    dir,
    '@acme/source-snapshot',
    `exports.oxideMirrorPlugin = {
  kind: 'source',
  name: 'snapshot',
  createSource(options, context) {
    return { id: context.id, async pull() { return { deltas: [], hasMore: false }; } };
  },
};
`,
  );
}

/** Appends changes `from`…`to - 1` (records `i<n>`) to the change log. */
function appendChanges(dir: string, from: number, to: number): void {
  const lines = [];
  for (let n = from; n < to; n++) {
    const at = new Date(Date.UTC(2024, 0, 1, 0, 0, n)).toISOString();
    lines.push(`${JSON.stringify(upsert('items', `i${n}`, { n }, 'feed', at))}\n`);
  }
  appendFileSync(join(dir, 'changes.log'), lines.join(''));
}

/** How many events the mirror has logged (none while the follower has not created it yet). */
function eventCount(dir: string): number {
  if (!existsSync(join(dir, 'mirror.db'))) return 0;
  const rows = json<{ n: number }[]>(
    runCli(['query', '--json', 'SELECT count(*) AS n FROM mirror_events'], dir),
  );
  return rows[0]?.n ?? 0;
}

async function eventsReach(dir: string, count: number): Promise<void> {
  while (eventCount(dir) < count) await new Promise((resolve) => setTimeout(resolve, 50));
}

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
    appendChanges(dir, 0, 120);
    const killed = startCli(['sync', '--follow'], dir);
    const killedEnd = ended(killed);
    await eventsReach(dir, 10);
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

  it('refuses a source without a live stream, naming it, and records no run', () => {
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
    const runs = json<{ n: number }[]>(
      runCli(['query', '--json', 'SELECT count(*) AS n FROM sync_runs'], dir),
    );
    expect(runs).toEqual([{ n: 0 }]);
  });
});
