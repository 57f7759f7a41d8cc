import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { copyMirror, type ImportBatch, type MirrorStore } from '@oxide-mirror/core';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import {
  json,
  makeTempDir,
  peopleConfig,
  removeTempDir,
  runCli,
  staticSource,
  upsert,
  writeConfig,
  type CliResult,
} from './cli-harness';
import { describeWithPostgres, freshDatabase } from '../../store-postgres/test/postgres-server';

// Every test runs the built binary in child processes.
jest.setTimeout(300_000);

/** The people config plus a source whose second delta cannot be mirrored and is set aside. */
function configWithRejects(): Record<string, unknown> {
  const base = peopleConfig() as { sources: Record<string, unknown> };
  const bad = {
    ...upsert('tickets', 't2', { n: 2 }, 'desk', '2024-01-05T00:00:00.000Z'),
    occurredAt: 'yesterday',
  };
  return {
    ...base,
    sources: {
      ...base.sources,
      desk: {
        ...staticSource([
          [upsert('tickets', 't1', { n: 1 }, 'desk', '2024-01-04T00:00:00.000Z'), bad],
        ]),
        onInvalid: 'reject',
      },
    },
  };
}

function ok(result: CliResult): CliResult {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result;
}

const RECORDS_SQL =
  'SELECT resource, record_id, payload, source, confidence, version, occurred_at, last_synced_at ' +
  'FROM mirror_records ORDER BY resource, record_id';

/** What a mirror answers: its records, a history, an as-of, the log, cursors and rejects. */
function answersOf(dir: string, database: string, sqlite = true): unknown[] {
  const ask = (args: string[]): unknown => json(ok(runCli(['--db', database, ...args], dir)));
  const rejects = ask(['rejects', 'list', '--json']) as { id?: unknown }[];
  return [
    sqlite ? ask(['query', RECORDS_SQL, '--json']) : null,
    ask(['resources', '--json']),
    ask(['history', 'contacts', 'c1', '--json']),
    ask(['history', 'contacts', 'c1', '--as-of', '2024-01-01T12:00:00Z', '--json']),
    ok(runCli(['--db', database, 'events', '--json'], dir))
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown),
    ask(['cursor', 'show', '--json']),
    rejects.map(({ id: _id, ...rest }) => rest),
    ask(['status', '--json']),
  ];
}

describe('oxide-mirror copy between SQLite files', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
    writeConfig(dir, configWithRejects());
    ok(runCli(['sync'], dir));
  });
  afterEach(() => removeTempDir(dir));

  it('copies the log, cursors and rejects into a new file that answers every question the same', () => {
    const copied = ok(runCli(['copy', '--to', 'copy.db', '--json'], dir));
    expect(json(copied)).toEqual({
      to: join(dir, 'copy.db'),
      events: 6,
      resumedAfter: 0,
      cursors: 3,
      rejects: 1,
      syncRuns: 3,
      records: { contacts: 2, invoices: 2, tickets: 1 },
    });
    const original = answersOf(dir, 'mirror.db');
    expect(original[6]).toHaveLength(1);
    expect(answersOf(dir, 'copy.db')).toEqual(original);
    // The copy keeps the strategy: a sync into it from the config is accepted and adds nothing
    // (only the cursors' times move, as on every sync).
    ok(runCli(['--db', 'copy.db', 'sync'], dir));
    expect(answersOf(dir, 'copy.db').slice(0, 5)).toEqual(original.slice(0, 5));
    const runs = json<{ id: number }[]>(
      ok(
        runCli(['--db', 'copy.db', 'query', 'SELECT id FROM sync_runs ORDER BY id', '--json'], dir),
      ),
    );
    expect(runs.map((run) => run.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses a target that holds another mirror, and leaves it as it was', () => {
    const other = makeTempDir();
    try {
      writeConfig(other, peopleConfig());
      ok(runCli(['sync', 'billing'], other));
      const target = join(other, 'mirror.db');
      const logOf = (): string => ok(runCli(['--db', target, 'events', '--json'], dir)).stdout;
      const before = logOf();
      expect(before).toContain('invoices');
      const refused = runCli(['copy', '--to', target], dir);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(target);
      expect(refused.stderr).toContain('neither empty nor an unfinished copy of this mirror');
      expect(logOf()).toBe(before);
      expect(json(ok(runCli(['--db', target, 'cursor', 'show', '--json'], dir)))).toHaveLength(1);
    } finally {
      removeTempDir(other);
    }
  });

  it('refuses to copy the mirror onto itself', () => {
    const refused = runCli(['copy', '--to', 'mirror.db'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('onto itself');
  });

  it('goes on after a copy that failed midway, and the result equals the original', async () => {
    const target = join(dir, 'partial.db');
    await failMidway(join(dir, 'mirror.db'), target);
    expect(existsSync(target)).toBe(true);
    const resumed = ok(runCli(['copy', '--to', 'partial.db', '--json'], dir));
    expect(json(resumed)).toMatchObject({
      events: 6,
      resumedAfter: 2,
      cursors: 3,
      rejects: 1,
      syncRuns: 3,
    });
    expect(answersOf(dir, 'partial.db')).toEqual(answersOf(dir, 'mirror.db'));
  });
});

/**
 * Copies `from` into `to` two events per transaction, with the second transaction failing as a
 * lost connection would: the first batch stays committed in `to`.
 */
async function failMidway(from: string, to: string): Promise<void> {
  const strategy = new LastWriteWins();
  const original = await SqliteMirrorStore.open(from, { readOnly: true, strategy });
  const target = await SqliteMirrorStore.open(to, { strategy });
  let batches = 0;
  const failing: MirrorStore = new Proxy(target, {
    get(store, property) {
      if (property === 'importBatch') {
        return async (batch: ImportBatch, chosen: typeof strategy) => {
          if (++batches === 2) throw new Error('connection lost');
          return store.importBatch(batch, chosen);
        };
      }
      const value: unknown = Reflect.get(store, property);
      return typeof value === 'function' ? value.bind(store) : value;
    },
  });
  try {
    await expect(copyMirror(original, failing, { strategy, batchSize: 2 })).rejects.toThrow(
      'connection lost',
    );
    expect(await target.eventCount()).toBe(2);
  } finally {
    await target.close();
    await original.close();
  }
}

function copyThroughPostgres(): void {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
    writeConfig(dir, configWithRejects());
    ok(runCli(['sync'], dir));
  });
  afterEach(() => removeTempDir(dir));

  it('moves a mirror to PostgreSQL and back with every answer unchanged', async () => {
    const database = await freshDatabase('copy');
    const there = json(ok(runCli(['copy', '--to', database, '--json'], dir)));
    expect(there).toMatchObject({
      events: 6,
      resumedAfter: 0,
      cursors: 3,
      rejects: 1,
      syncRuns: 3,
    });
    const original = answersOf(dir, 'mirror.db');
    const onPostgres = answersOf(dir, database, false);
    expect(onPostgres.slice(1)).toEqual(original.slice(1));
    const name = json<{ name: string }[]>(
      ok(
        runCli(
          [
            '--db',
            database,
            'query',
            "SELECT payload ->> 'name' AS name FROM mirror_records WHERE record_id = 'c1'",
            '--json',
          ],
          dir,
        ),
      ),
    );
    expect(name).toEqual([{ name: 'Ada L' }]);
    // Run again, the copy finds everything there already and checks it once more.
    const again = ok(runCli(['copy', '--to', database], dir));
    expect(again.stdout).toContain('went on after 6');
    const back = json(ok(runCli(['--db', database, 'copy', '--to', 'back.db', '--json'], dir)));
    expect(back).toMatchObject({ events: 6, resumedAfter: 0, cursors: 3, rejects: 1, syncRuns: 3 });
    expect(answersOf(dir, 'back.db')).toEqual(original);
  });

  it('refuses a PostgreSQL mirror that holds another one', async () => {
    const database = await freshDatabase('copy');
    const other = makeTempDir();
    try {
      writeConfig(other, { ...peopleConfig(), database });
      ok(runCli(['sync', 'billing'], other));
      const refused = runCli(['copy', '--to', database], dir);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('neither empty nor an unfinished copy of this mirror');
    } finally {
      removeTempDir(other);
    }
  });
}

describeWithPostgres('oxide-mirror copy through PostgreSQL', copyThroughPostgres);
