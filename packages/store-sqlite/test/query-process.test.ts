import { QueryMemoryError } from '@oxide-mirror/core';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryProcess } from '../src/query/query-process';

const limits = { timeoutMs: 10_000, remainingMs: 10_000 };

describe('query process', () => {
  let dir: string;
  let queries: QueryProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oxide-query-process-'));
    const databasePath = join(dir, 'mirror.db');
    await (await SqliteMirrorStore.open(databasePath)).close();
    queries = new QueryProcess({ databasePath, memoryBytes: 128 * 1024 * 1024 });
  });
  afterAll(() => {
    queries.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = (sql: string): ReturnType<QueryProcess['run']> =>
    queries.run({ sql, params: undefined, maxRows: 10, maxBytes: 1 << 20, asOf: [] }, limits);

  it('answers the next query from a fresh process once a query ran out of memory', async () => {
    expect((await ask('SELECT 1 AS one')).result.rows).toEqual([[1]]);
    const first = queries.pid;
    expect((await ask('SELECT 2 AS two')).result.rows).toEqual([[2]]);
    expect(queries.pid).toBe(first); // a query that succeeds keeps its process

    await expect(ask(`SELECT length(printf('%.*c', 900000000, 'x'))`)).rejects.toBeInstanceOf(
      QueryMemoryError,
    );
    expect((await ask('SELECT 3 AS three')).result.rows).toEqual([[3]]);
    expect(queries.pid).toBeDefined();
    expect(queries.pid).not.toBe(first);
  });
});
