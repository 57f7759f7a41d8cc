import {
  QueryFailedError,
  QueryLimitError,
  QueryNotReadOnlyError,
  QueryTimeoutError,
} from '@oxide-mirror/core';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import type { PostgresMirrorStore } from '@oxide-mirror/store-postgres';
import { ENDLESS_QUERY, hostileWrites } from '@oxide-mirror/testing';
import { upsertAt } from './fixtures';
import { asAdmin, describeWithPostgres, freshSchema, openTestStore } from './postgres-server';

/** Everything the mirror holds, as the server's superuser sees it: any write would change it. */
async function fingerprint(schema: string): Promise<string> {
  const rows = await asAdmin<{ state: string }>(
    `SELECT (SELECT count(*) FROM ${schema}.mirror_events) || '/' ||
      (SELECT string_agg(resource || record_id || version, ',' ORDER BY resource, record_id) FROM ${schema}.mirror_record_state) || '/' ||
      (SELECT count(*) FROM ${schema}.mirror_cursors) || '/' || (SELECT count(*) FROM ${schema}.mirror_resources) ||
      '/' || (SELECT count(*) FROM pg_class WHERE relnamespace = '${schema}'::regnamespace) AS state`,
  );
  return rows[0]?.state ?? '';
}

describeWithPostgres('hostile queries on PostgreSQL', () => {
  const schema = freshSchema('hostile');
  let store: PostgresMirrorStore;
  beforeAll(async () => {
    store = await openTestStore({
      schema,
      queryLimits: { timeoutMs: 1500, maxRows: 1000, maxBytes: 1 << 20 },
    });
    const deltas = Array.from({ length: 300 }, (_, i) =>
      upsertAt(1, `r${i}`, { i, name: `n${i}` }),
    );
    await store.applyBatch(deltas, new LastWriteWins());
    await asAdmin(`CREATE TABLE IF NOT EXISTS public.oxide_secret (value text)`);
    await asAdmin(`INSERT INTO public.oxide_secret VALUES ('hidden')`);
  });
  afterAll(async () => {
    await store.close();
  });

  const refusals: (readonly [string, string])[] = [
    ...hostileWrites,
    ['COPY to the client', 'COPY mirror_events TO STDOUT'],
    ['COPY to a server file', "COPY mirror_events TO '/tmp/oxide-evil.csv'"],
    ['a server file read', "SELECT pg_read_file('/etc/passwd')"],
    ['a server file read, quoted', `SELECT "pg_read_file"('/etc/passwd')`],
    ['a directory listing', "SELECT * FROM pg_ls_dir('.')"],
    ['a large-object import', "SELECT lo_import('/etc/passwd')"],
    ['a session setting by function', "SELECT set_config('statement_timeout', '0', false)"],
    ['a setting by SET', 'SET statement_timeout = 0'],
    ['a read-write transaction', 'SET TRANSACTION READ WRITE'],
    ['an advisory lock that would block syncs', 'SELECT pg_advisory_lock(1)'],
    ['a spoofed change notice', "SELECT pg_notify('x_changes', '{}')"],
    ['a temporary table', 'CREATE TEMP TABLE t AS SELECT 1'],
    ['SELECT INTO', 'SELECT 1 AS x INTO TEMP t2'],
    ['a row lock', 'SELECT * FROM mirror_record_state FOR UPDATE'],
    [
      'a write in a data-modifying CTE',
      'WITH d AS (DELETE FROM mirror_cursors RETURNING 1) SELECT * FROM d',
    ],
    [
      'a function that writes',
      "SELECT * FROM mirror_events WHERE position = (SELECT 1 FROM (SELECT set_config('role', 'postgres', false)) s)",
    ],
    ['another schema', 'SELECT value FROM public.oxide_secret'],
    ['a role switch', 'SET ROLE postgres'],
    ['Unicode-escaped names', 'SELECT U&"\\0070g_read_file"(\'/etc/passwd\')'],
    ['VACUUM', 'VACUUM'],
    ['a prepared statement', 'PREPARE p AS SELECT 1'],
    ['LISTEN', 'LISTEN x'],
  ];

  it.each(refusals)('refuses %s and leaves the mirror untouched', async (_, sql) => {
    const before = await fingerprint(schema);
    await expect(store.query(sql)).rejects.toBeInstanceOf(QueryNotReadOnlyError);
    expect(await fingerprint(schema)).toBe(before);
  });

  it('runs queries as a role that cannot write even without the store’s checks', async () => {
    const [role] = await store.query(
      "SELECT current_user AS name, current_setting('transaction_read_only') AS ro",
    );
    expect(role).toEqual({ name: `${schema}_reader`, ro: 'on' });
    const privileges = await asAdmin<{ writes: boolean }>(
      `SELECT bool_or(has_table_privilege($1, c.oid, 'INSERT,UPDATE,DELETE,TRUNCATE')) AS writes
        FROM pg_class c WHERE c.relnamespace = $2::regnamespace AND c.relkind IN ('r', 'v')`,
      [`${schema}_reader`, schema],
    );
    expect(privileges[0]?.writes).toBe(false);
  });

  it('stops an endless recursive CTE while a sync keeps working', async () => {
    const runaway = store.query(ENDLESS_QUERY);
    const outcome = await store.applyDelta(
      upsertAt(2, 'during', { name: 'written meanwhile' }),
      new LastWriteWins(),
    );
    expect(outcome.applied).toBe(true);
    await expect(runaway).rejects.toBeInstanceOf(QueryTimeoutError);
    await expect(
      store.query("SELECT record_id FROM mirror_records WHERE record_id = 'during'"),
    ).resolves.toEqual([{ record_id: 'during' }]);
  });

  it('cuts off a cross join of millions of rows by rows, and a huge value by bytes', async () => {
    const sql =
      'SELECT a.position, b.position, c.position FROM mirror_events a, mirror_events b, mirror_events c';
    const result = await store.runQuery(sql, undefined, { maxRows: 50, timeoutMs: 120_000 });
    expect(result.rows).toHaveLength(50);
    expect(result.truncated).toBe('rows');
    expect(result.columns).toEqual(['position', 'position', 'position']);
    await expect(store.query(sql)).rejects.toBeInstanceOf(QueryLimitError);
    const big = await store.runQuery("SELECT repeat('x', 2000000) AS big", undefined, {
      timeoutMs: 120_000,
    });
    expect(big).toMatchObject({ rows: [], truncated: 'bytes' });
  });

  it('bounds temp disk on the role, so a huge sort fails instead of filling the disk', async () => {
    const rows = await asAdmin<{ setting: string[] }>(
      `SELECT setconfig AS setting FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = $1`,
      [`${schema}_reader`],
    );
    expect(rows[0]?.setting).toEqual(
      expect.arrayContaining(['default_transaction_read_only=on', 'temp_file_limit=262144kB']),
    );
  });

  it('answers the next query after each of them, with types, order and NULLs kept', async () => {
    await expect(store.query(ENDLESS_QUERY)).rejects.toBeInstanceOf(QueryTimeoutError);
    const result = await store.runQuery(
      "SELECT 'text' AS t, 1 AS i, 2.5 AS r, NULL AS n, '\\x00ff'::bytea AS b, 9007199254740993 AS big, count(*) AS c FROM mirror_events",
    );
    expect(result.columns).toEqual(['t', 'i', 'r', 'n', 'b', 'big', 'c']);
    expect(result.rows[0]?.slice(0, 4)).toEqual(['text', 1, 2.5, null]);
    expect(Buffer.from(result.rows[0]?.[4] as Uint8Array)).toEqual(Buffer.from([0, 255]));
    expect(result.rows[0]?.[5]).toBe(9007199254740993n);
    expect(result.rows[0]?.[6]).toBe(301);
  });

  it('takes the contract’s positional and named parameters', async () => {
    await expect(
      store.query('SELECT record_id FROM mirror_records WHERE record_id = ?', ['r7']),
    ).resolves.toEqual([{ record_id: 'r7' }]);
    await expect(
      store.query(
        "SELECT record_id, '?' AS q FROM mirror_records WHERE record_id = @id OR record_id = :id",
        { id: 'r8' },
      ),
    ).resolves.toEqual([{ record_id: 'r8', q: '?' }]);
  });

  it('reports SQL errors as QueryFailedError', async () => {
    await expect(store.query('SELECT nope FROM mirror_records')).rejects.toBeInstanceOf(
      QueryFailedError,
    );
  });
});
