import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  connectMcp,
  fingerprint,
  makeTempDir,
  peopleConfig,
  removeTempDir,
  runCli,
  writeConfig,
} from './cli-harness';

// Every test runs the built binary in child processes, on a busy two-core machine.
jest.setTimeout(120_000);

/**
 * A range self-join made only of index searches (SQLite plans a SEARCH at every level) that
 * runs for minutes: the few events of the test mirror, joined with themselves 14 times.
 */
const RANGE_JOIN = `SELECT count(*) FROM mirror_events t0 ${Array.from(
  { length: 13 },
  (_, i) =>
    `JOIN mirror_events t${i + 1} ON t${i + 1}.position BETWEEN t${i}.position - 1000 AND t${i}.position + 1000`,
).join(' ')}`;

/** An endless result: only a reader that streams rows and cuts them can answer it. */
const ENDLESS_ROWS =
  'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i, zeroblob(1000) AS filler FROM n';

/** CTEs SQLite inlines while compiling, doubling the work at every level. */
function nestedCtes(depth: number): string {
  const parts = ['c0 AS NOT MATERIALIZED (SELECT 1 AS x UNION ALL SELECT 2)'];
  for (let i = 1; i < depth; i++) {
    parts.push(
      `c${i} AS NOT MATERIALIZED (SELECT a.x FROM c${i - 1} a, c${i - 1} b WHERE a.x = b.x)`,
    );
  }
  return `WITH ${parts.join(', ')} SELECT count(*) FROM c${depth - 1}`;
}

/**
 * The test mirror's default config, with a time limit of 1000 ms, for attacks only that limit can
 * stop (and for those refused before they run).
 */
const QUICK = 'oxide-mirror.config.json';
/**
 * The same mirror's config with a time limit of a minute, for attacks the memory budget or a size
 * limit must stop however slow the machine: a sort that spilled to temporary files would run into
 * that minute and fail the test instead of passing on the time limit.
 */
const PATIENT = 'patient.json';

const attacks: [string, string, RegExp, typeof QUICK | typeof PATIENT][] = [
  ['a 14-way range self-join', RANGE_JOIN, /longer than the 1000 ms limit/, QUICK],
  [
    'nested NOT MATERIALIZED CTEs',
    nestedCtes(16),
    /memory budget|longer than the 1000 ms limit/,
    QUICK,
  ],
  [
    'a quoted printf of 900 MB',
    `SELECT length("printf"('%.*c', 900000000, 'x'))`,
    /memory budget|too big/,
    PATIENT,
  ],
  [
    'a printf of 900 MB hidden by a comment',
    `SELECT length(printf/**/('%.*c', 900000000, 'x'))`,
    /memory budget|too big/,
    PATIENT,
  ],
  [
    'a bracketed printf of 900 MB',
    `SELECT length([printf]('%.*c', 900000000, 'x'))`,
    /memory budget|too big/,
    PATIENT,
  ],
  [
    'a concat_ws of two 400 MB blobs',
    `SELECT length(concat_ws(',', zeroblob(400000000), zeroblob(400000000)))`,
    /memory budget|too big/,
    PATIENT,
  ],
  [
    'a bracketed load_extension',
    `SELECT [load_extension]('/tmp/nothing')`,
    /load_extension\(\) is not allowed/,
    QUICK,
  ],
  [
    'a quoted fts3_tokenizer',
    `SELECT "fts3_tokenizer"('simple')`,
    /fts3_tokenizer\(\) is not allowed/,
    QUICK,
  ],
  [
    'a sort of 800 MB that would spill to temporary files',
    `SELECT zeroblob(200000) || randomblob(8) AS x FROM mirror_events a, mirror_events b,
       mirror_events c, mirror_events d, mirror_events e, mirror_events f ORDER BY x`,
    /512 MiB memory budget/,
    PATIENT,
  ],
  [
    'a DELETE through a CTE on a view',
    'WITH x AS (SELECT 1) DELETE FROM mirror_records',
    /would write/,
    QUICK,
  ],
];

/** A temporary directory with the test mirror, synced, and its two configs. */
function syncedMirror(): string {
  const dir = makeTempDir();
  writeConfig(dir, { ...peopleConfig(), query: { timeoutMs: 1000 } }, QUICK);
  writeConfig(dir, { ...peopleConfig(), query: { timeoutMs: 60_000 } }, PATIENT);
  expect(runCli(['sync'], dir).code).toBe(0);
  return dir;
}

describe('query safety from the command line', () => {
  let dir: string;
  let mirror: string;
  beforeAll(() => {
    dir = syncedMirror();
    mirror = join(dir, 'mirror.db');
  });
  afterAll(() => removeTempDir(dir));

  it.each(attacks)(
    'stops %s, leaves the file unchanged and answers the next query',
    (_, sql, message, config) => {
      const before = fingerprint(mirror);
      const attack = runCli(['--config', config, 'query', sql], dir);
      expect(attack.code).toBe(1);
      expect(attack.stderr).toMatch(message);
      const next = runCli(['query', 'SELECT count(*) AS n FROM mirror_records', '--json'], dir);
      expect(JSON.parse(next.stdout)).toEqual([{ n: 4 }]);
      expect(fingerprint(mirror)).toBe(before);
    },
  );

  it('streams an endless result and cuts it at --max-rows', () => {
    const result = runCli(['query', ENDLESS_ROWS, '--max-rows', '10', '--json'], dir);
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as { i: number }[];
    expect(rows.map((row) => row.i)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it.each(['query', 'status', 'resources'])(
    'refuses another application’s database in `%s` and changes none of its bytes',
    (command) => {
      const other = join(dir, 'shop.db');
      const db = new Database(other);
      db.exec('CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, total REAL)');
      db.close();
      const before = readFileSync(other);
      const args =
        command === 'query' ? ['query', 'SELECT 1', '--db', other] : [command, '--db', other];
      const result = runCli(args, dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /shop\.db is not an oxide-mirror database \(it holds other tables: orders\)/,
      );
      expect(readFileSync(other).equals(before)).toBe(true);
      expect(existsSync(`${other}-wal`)).toBe(false);
    },
  );

  it('leaves an empty file empty', () => {
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    for (const command of [['query', 'SELECT 1'], ['status'], ['resources']]) {
      const result = runCli([...command, '--db', empty], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /empty\.db is not an oxide-mirror database \(the file is empty\)/,
      );
    }
    expect(readFileSync(empty).length).toBe(0);
  });

  it('names the newer schema of a mirror made by a newer release', () => {
    const newer = join(dir, 'newer.db');
    writeFileSync(newer, readFileSync(mirror));
    const db = new Database(newer);
    db.prepare(
      "INSERT INTO mirror_migrations (name, timestamp) VALUES ('9999_future', '2027')",
    ).run();
    db.close();
    const before = fingerprint(newer);
    const result = runCli(['query', 'SELECT 1', '--db', newer], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /made by a newer oxide-mirror release \(schema version \d+; .*upgrade oxide-mirror/,
    );
    expect(fingerprint(newer)).toBe(before);
  });
});

describe('query safety through the MCP server', () => {
  let dir: string;
  /** One MCP server per config, each a client of the same mirror. */
  const clients = new Map<string, Client>();
  beforeAll(async () => {
    dir = syncedMirror();
    for (const config of [QUICK, PATIENT]) {
      clients.set(config, await connectMcp(dir, 'query-safety-test', ['--config', config]));
    }
  });
  afterAll(async () => {
    for (const client of clients.values()) await client.close();
    removeTempDir(dir);
  });

  async function call(
    name: string,
    args: Record<string, unknown> = {},
    config = QUICK,
  ): Promise<{ isError?: boolean; text: string }> {
    const result = (await clients.get(config)!.callTool({ name, arguments: args })) as {
      isError?: boolean;
      content: { text: string }[];
    };
    return { isError: result.isError, text: result.content[0]?.text ?? '' };
  }

  it.each(attacks)(
    'stops %s and answers list_resources next, file unchanged',
    async (_, sql, message, config) => {
      const before = fingerprint(join(dir, 'mirror.db'));
      expect(await call('query', { sql }, config)).toEqual({
        isError: true,
        text: expect.stringMatching(message),
      });
      const resources = await call('list_resources', {}, config);
      expect(resources.isError).toBeFalsy();
      expect(resources.text).toMatch(/contacts/);
      expect(fingerprint(join(dir, 'mirror.db'))).toBe(before);
    },
  );

  it('streams an endless result and cuts it at maxRows, saying it was truncated', async () => {
    const result = await call('query', { sql: ENDLESS_ROWS, maxRows: 10 });
    expect(result.isError).toBeFalsy();
    const answer = JSON.parse(result.text) as { rows: unknown[][]; truncated: unknown };
    expect(answer.truncated).toBe('rows');
    expect(answer.rows.map((row) => row[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('tells a client that floods it with runaways to retry, and serves it again after', async () => {
    const flood = await Promise.all(
      Array.from({ length: 8 }, () => call('query', { sql: RANGE_JOIN })),
    );
    const texts = flood.map((outcome) => outcome.text);
    expect(texts.filter((text) => /busy, retry shortly/.test(text))).toHaveLength(4);
    expect(texts.filter((text) => /longer than the 1000 ms limit/.test(text))).toHaveLength(4);
    expect((await call('query', { sql: 'SELECT 7 AS n' })).text).toMatch(/"rowCount":1/);
  });
});
