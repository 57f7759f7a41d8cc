import {
  QueryFailedError,
  QueryLimitError,
  QueryNotReadOnlyError,
  QueryTimeoutError,
} from '@oxide-mirror/core';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { ENDLESS_QUERY, hostileWrites } from '@oxide-mirror/testing';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprint } from './attacks';
import { upsertAt } from './fixtures';

const ENDLESS = ENDLESS_QUERY;

describe('hostile queries', () => {
  let dir: string;
  let path: string;
  let store: SqliteMirrorStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oxide-hostile-'));
    path = join(dir, 'mirror.db');
    store = await SqliteMirrorStore.open(path, {
      queryLimits: { timeoutMs: 1500, maxRows: 1000, maxBytes: 1 << 20 },
    });
    const deltas = Array.from({ length: 300 }, (_, i) =>
      upsertAt(1, `r${i}`, { i, name: `n${i}` }),
    );
    await store.applyBatch(deltas, new LastWriteWins());
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const refusals: (readonly [string, string])[] = [
    ...hostileWrites,
    ['a trigger', 'CREATE TRIGGER t AFTER INSERT ON mirror_events BEGIN SELECT 1; END'],
    ['ATTACH of another file', `ATTACH DATABASE '${'/tmp/oxide-evil.db'}' AS evil`],
    ['load_extension', "SELECT load_extension('/tmp/evil.so', 'init')"],
    ['load_extension in a subquery', "SELECT (SELECT load_extension('x')) AS y"],
    ['writefile', "SELECT writefile('/tmp/x', 'data')"],
    ['a pragma write', 'PRAGMA user_version = 42'],
    ['a pragma write by call', 'PRAGMA journal_mode(DELETE)'],
    ['REINDEX', 'REINDEX'],
  ];

  it.each(refusals)('refuses %s and leaves the file untouched', async (_, sql) => {
    const before = fingerprint(path);
    await expect(store.query(sql)).rejects.toBeInstanceOf(QueryNotReadOnlyError);
    expect(fingerprint(path)).toBe(before);
    expect(existsSync('/tmp/oxide-evil.db')).toBe(false);
  });

  it('stops an endless recursive CTE while a sync keeps working', async () => {
    const before = fingerprint(path);
    const runaway = store.query(ENDLESS);
    const outcome = await store.applyDelta(
      upsertAt(2, 'during', { name: 'written meanwhile' }),
      new LastWriteWins(),
    );
    expect(outcome.applied).toBe(true);
    await expect(runaway).rejects.toBeInstanceOf(QueryTimeoutError);
    await expect(runaway).rejects.toThrow(/longer than the 1500 ms limit/);
    expect(
      await store.query("SELECT record_id FROM mirror_records WHERE record_id = 'during'"),
    ).toEqual([{ record_id: 'during' }]);
    expect(fingerprint(path)).not.toBe(before);
  });

  it('cuts off a cross join of billions of rows', async () => {
    const sql =
      'SELECT a.position, b.position, c.position FROM mirror_events a, mirror_events b, mirror_events c';
    const result = await store.runQuery(sql, undefined, { maxRows: 50, timeoutMs: 120_000 });
    expect(result.rows).toHaveLength(50);
    expect(result.truncated).toBe('rows');
    expect(result.columns).toEqual(['position', 'position', 'position']);
    await expect(store.query(sql)).rejects.toBeInstanceOf(QueryLimitError);
  });

  it('refuses a gigabyte zeroblob and cuts off a large one by bytes', async () => {
    await expect(store.query('SELECT zeroblob(1000000000) AS big')).rejects.toThrow(
      /string or blob too big/,
    );
    // A generous time limit: this test is about size, not time, on a possibly busy machine.
    const result = await store.runQuery('SELECT zeroblob(20000000) AS big', undefined, {
      timeoutMs: 120_000,
    });
    expect(result).toMatchObject({ rows: [], truncated: 'bytes' });
  });

  it('answers the next query after each of them, with types, order and NULLs kept', async () => {
    await expect(store.query(ENDLESS)).rejects.toBeInstanceOf(QueryTimeoutError);
    const result = await store.runQuery(
      "SELECT 'text' AS t, 1 AS i, 2.5 AS r, NULL AS n, x'00ff' AS b FROM mirror_events LIMIT 1",
    );
    expect(result.columns).toEqual(['t', 'i', 'r', 'n', 'b']);
    expect(result.rows[0]?.slice(0, 4)).toEqual(['text', 1, 2.5, null]);
    expect(Buffer.from(result.rows[0]?.[4] as Uint8Array)).toEqual(Buffer.from([0, 255]));
    const isolated = await store.runQuery(
      'WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3) SELECT n, NULL AS z FROM c',
    );
    expect(isolated.rows).toEqual([
      [1, null],
      [2, null],
      [3, null],
    ]);
  });

  it('reports SQL errors from the query process as QueryFailedError', async () => {
    await expect(
      store.query('WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n FROM c) SELECT nope FROM c'),
    ).rejects.toBeInstanceOf(QueryFailedError);
  });
});
