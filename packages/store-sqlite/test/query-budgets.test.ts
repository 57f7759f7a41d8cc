import {
  Delta,
  QueryBusyError,
  QueryMemoryError,
  QueryNotReadOnlyError,
  QueryTimeoutError,
} from '@oxide-mirror/core';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprint, nestedCtes, settledInOrder } from './attacks';
import { upsertAt } from './fixtures';

const lww = new LastWriteWins();

describe('query budgets', () => {
  let dir: string;
  let path: string;
  let store: SqliteMirrorStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oxide-budgets-'));
    path = join(dir, 'mirror.db');
    store = await SqliteMirrorStore.open(path, {
      queryLimits: { timeoutMs: 1000 },
      queryBudget: { memoryBytes: 128 * 1024 * 1024 },
    });
    await store.applyBatch(
      Array.from({ length: 60 }, (_, i) => upsertAt(1, `r${i}`, { i })),
      lww,
    );
    // Wide rows: 40 MB of text, so that a result built before the row cap would not fit.
    await store.applyBatch(
      Array.from({ length: 400 }, (_, i) =>
        Delta.upsert('tickets', `w${i}`, { text: 'x'.repeat(100_000) }, 'crm'),
      ),
      lww,
    );
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `attack` and checks that the store writes and answers while it runs and after it. */
  async function whileItRuns(attack: Promise<unknown>): Promise<unknown> {
    const before = fingerprint(path);
    const write = store.getRecord('contacts', 'r1');
    const [first] = await settledInOrder([attack, write]);
    expect(first).toBe(1); // the store's own read answered before the attack ended
    const outcome = await attack.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(
      await store.query("SELECT count(*) AS n FROM mirror_records WHERE resource = 'contacts'"),
    ).toEqual([{ n: 60 }]);
    expect(fingerprint(path)).toBe(before);
    return outcome;
  }

  it('stops a six-way range self-join made only of index searches at its time limit', async () => {
    const sql = `SELECT count(*) FROM mirror_events a
      JOIN mirror_events b ON b.position BETWEEN a.position - 60 AND a.position + 60
      JOIN mirror_events c ON c.position BETWEEN b.position - 60 AND b.position + 60
      JOIN mirror_events d ON d.position BETWEEN c.position - 60 AND c.position + 60
      JOIN mirror_events e ON e.position BETWEEN d.position - 60 AND d.position + 60
      JOIN mirror_events f ON f.position BETWEEN e.position - 60 AND e.position + 60
      WHERE a.position <= 60`;
    expect(await whileItRuns(store.query(sql))).toBeInstanceOf(QueryTimeoutError);
  });

  it('times compilation too: deeply nested NOT MATERIALIZED CTEs are stopped', async () => {
    const outcome = await whileItRuns(store.query(nestedCtes(16)));
    expect([QueryTimeoutError, QueryMemoryError]).toContain((outcome as Error).constructor);
  });

  it('streams rows and cuts them at maxRows: a 40 MB resource read with a 128 MiB budget', async () => {
    const result = await store.runQuery(
      "SELECT * FROM mirror_records WHERE resource = 'tickets'",
      undefined,
      {
        maxRows: 10,
        maxBytes: 1 << 30,
      },
    );
    expect(result.rows).toHaveLength(10);
    expect(result.truncated).toBe('rows');
  });

  it.each([
    ['a quoted printf', `SELECT length("printf"('%.*c', 900000000, 'x'))`],
    ['printf behind a comment', `SELECT length(printf/**/('%.*c', 900000000, 'x'))`],
    ['a bracketed printf', `SELECT length([printf]('%.*c', 900000000, 'x'))`],
    [
      'concat_ws of huge values',
      `SELECT length(concat_ws(',', zeroblob(400000000), zeroblob(400000000)))`,
    ],
  ])('keeps %s within the memory budget and the store answering', async (_, sql) => {
    const outcome = await whileItRuns(store.query(sql));
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/memory budget|too big|longer than/);
  });

  it.each([
    ['a quoted fts3_tokenizer', `SELECT "fts3_tokenizer"('simple')`],
    ['a bracketed load_extension', `SELECT [load_extension]('/tmp/evil.so')`],
  ])('refuses %s by name, however it is spelt', async (_, sql) => {
    expect(await whileItRuns(store.query(sql))).toBeInstanceOf(QueryNotReadOnlyError);
  });

  it('keeps sorts in memory: a huge ORDER BY runs out of its budget rather than onto the disk', async () => {
    const sql = `SELECT a.payload || b.payload AS x FROM mirror_records a, mirror_records b, mirror_records c
      WHERE a.resource = 'tickets' ORDER BY x`;
    const outcome = await whileItRuns(
      store.runQuery(sql, undefined, { maxRows: 1, timeoutMs: 60_000 }),
    );
    expect(outcome).toBeInstanceOf(QueryMemoryError);
    expect((outcome as Error).message).toMatch(/128 MiB memory budget/);
  });

  it.each([
    ['a DELETE through a CTE on a view', 'WITH x AS (SELECT 1) DELETE FROM mirror_records'],
    ['an INSERT into a view', "INSERT INTO mirror_records (resource) VALUES ('x')"],
    ['an UPDATE of a table that does not exist', 'UPDATE no_such_table SET x = 1'],
    ['a REPLACE into a table that does not exist', 'REPLACE INTO no_such_table VALUES (1)'],
  ])('refuses %s as a write, not as a failed query', async (_, sql) => {
    expect(await whileItRuns(store.query(sql))).toBeInstanceOf(QueryNotReadOnlyError);
  });
});

describe('query admission', () => {
  let dir: string;
  let store: SqliteMirrorStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oxide-admission-'));
    store = await SqliteMirrorStore.open(join(dir, 'mirror.db'), {
      queryLimits: { timeoutMs: 1500 },
    });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const RUNAWAY =
    'WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM forever) SELECT count(*) FROM forever';

  it('refuses runaways beyond the queue at once and lets another client in within one time limit', async () => {
    const runaways = Array.from({ length: 20 }, () =>
      store.runQuery(RUNAWAY, undefined, {}, { client: 'agent-a' }).then(
        () => 'answered',
        (error: unknown) => (error as Error).constructor.name,
      ),
    );
    const innocent = store.runQuery('SELECT 42 AS answer', undefined, {}, { client: 'agent-b' });
    const outcomes = await Promise.all(runaways);
    // Two run, two wait, the other sixteen are told to retry.
    expect(outcomes.filter((name) => name === QueryBusyError.name)).toHaveLength(16);
    expect(outcomes.filter((name) => name === QueryTimeoutError.name)).toHaveLength(4);
    // Turns go client by client: the other client's query started as soon as a running runaway
    // was stopped, before the runaways that had waited longer.
    const order = await settledInOrder([innocent, ...runaways.slice(2, 4)]);
    expect(order[0]).toBe(0);
    expect((await innocent).rows).toEqual([[42]]);
    await expect(
      store.runQuery(RUNAWAY, undefined, {}, { client: 'agent-a' }),
    ).rejects.toBeInstanceOf(QueryTimeoutError);
  });

  it('says busy, retry in its message', async () => {
    const held = Array.from({ length: 4 }, () => store.query(RUNAWAY).catch(() => undefined));
    await expect(store.query('SELECT 1')).rejects.toThrow(/busy, retry shortly/);
    await Promise.all(held);
    await expect(store.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });

  it('refuses a misspelt budget option', async () => {
    await expect(
      SqliteMirrorStore.open(join(dir, 'other.db'), { queryBudget: { procesess: 2 } as never }),
    ).rejects.toThrow(/queryBudget.procesess is not an option/);
    await expect(
      SqliteMirrorStore.open(join(dir, 'other.db'), { queryBudget: { memoryBytes: 1 << 20 } }),
    ).rejects.toThrow(/memoryBytes must be at least 67108864/);
    await expect(
      SqliteMirrorStore.open(join(dir, 'other.db'), { queryLimits: { timeoutMs: 0 } }),
    ).rejects.toThrow(/queryLimits.timeoutMs must be a whole number, 1 or more/);
  });
});
