import Database from 'better-sqlite3';
import { Delta, QueryBusyError, QueryTimeoutError } from '@oxide-mirror/core';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBoundedProgram, programOf } from '../src/query/bounded-program';
import { upsertAt } from './fixtures';

const lww = new LastWriteWins();
const LOOKUP =
  'SELECT record_id, payload, version FROM mirror_records WHERE resource = ? AND record_id = ?';
/** Never ends by itself: only the query process's time limit stops it. */
const RUNAWAY =
  'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) FROM n';

describe('bounded queries', () => {
  let dir: string;
  let path: string;
  let store: SqliteMirrorStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oxide-bounded-'));
    path = join(dir, 'mirror.db');
    store = await SqliteMirrorStore.open(path, {
      queryLimits: { timeoutMs: 1500 },
      queryBudget: { processes: 1, queueLength: 1, queuePerClient: 1 },
    });
    await store.applyBatch(
      [
        upsertAt(1, 'a', { name: 'Ada', big: 9007199254740993n }),
        upsertAt(2, 'b', { name: 'Bob', big: 1 }),
      ],
      lww,
    );
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('which programs are bounded', () => {
    let db: Database.Database;
    beforeAll(() => {
      db = new Database(path, { readonly: true });
    });
    afterAll(() => db.close());
    const bounded = (sql: string, params?: unknown[]): boolean =>
      isBoundedProgram(programOf(db, sql, params));

    it.each([
      ['a record by its key, through the view that joins the log', LOOKUP, ['contacts', 'a']],
      ['an event by its position', 'SELECT * FROM mirror_events WHERE position = ?', [1]],
      [
        'a JSON field of one record',
        "SELECT payload ->> 'name' FROM mirror_records WHERE resource = 'contacts' AND record_id = 'a'",
        undefined,
      ],
      ['a resource view by record id', "SELECT * FROM contacts WHERE record_id = 'a'", undefined],
      ['a constant', 'SELECT 1 + 2', undefined],
    ])('bounded: %s', (_, sql, params) => {
      expect(bounded(sql, params)).toBe(true);
    });

    it.each([
      ['a scan', 'SELECT * FROM mirror_records'],
      ['count(*), one instruction over a whole b-tree', 'SELECT count(*) FROM mirror_events'],
      ['a recursive CTE', RUNAWAY],
      [
        'an IN list',
        "SELECT * FROM mirror_records WHERE resource = 'contacts' AND record_id IN ('a', 'b')",
      ],
      ['a table-valued function', "SELECT value FROM json_each('[1, 2, 3]')"],
      [
        'LIKE, which backtracks',
        "SELECT payload LIKE '%a%a%a%' FROM mirror_records WHERE resource = 'contacts' AND record_id = 'a'",
      ],
      ['a function that builds large values', 'SELECT zeroblob(1000000000)'],
      ['a scalar subquery over a table', 'SELECT (SELECT max(position) FROM mirror_events)'],
      ['a range', 'SELECT * FROM mirror_events WHERE position BETWEEN 1 AND 1000000'],
    ])('not bounded: %s', (_, sql) => {
      expect(bounded(sql)).toBe(false);
    });
  });

  it('answers a repeated lookup exactly as the first, bigint included', async () => {
    const first = await store.runQuery(LOOKUP, ['contacts', 'a']);
    const again = await store.runQuery(LOOKUP, ['contacts', 'a']);
    expect(again).toEqual(first);
    const big =
      "SELECT payload ->> 'big' AS big FROM mirror_records WHERE resource = ? AND record_id = ?";
    await store.query(big, ['contacts', 'a']);
    expect(await store.query(big, ['contacts', 'a'])).toEqual([{ big: 9007199254740993n }]);
    expect(await store.query(big, ['contacts', 'b'])).toEqual([{ big: 1 }]);
    expect(await store.runQuery(LOOKUP, ['contacts', 'a'], { maxRows: 0 })).toEqual({
      columns: first.columns,
      rows: [],
      truncated: 'rows',
    });
  });

  it('answers admitted lookups while every query process is held by a runaway query', async () => {
    await store.query(LOOKUP, ['contacts', 'a']);
    const runaway = store.query(RUNAWAY, [], { client: 'agent-1' });
    const waiting = store.query(RUNAWAY, [], { client: 'agent-2' });
    // The one process runs a query and the queue is full: anything else that needs a process is
    // turned away, but an admitted lookup never needs one.
    await expect(store.query('SELECT count(*) FROM mirror_events')).rejects.toBeInstanceOf(
      QueryBusyError,
    );
    const rows = await store.query(LOOKUP, ['contacts', 'b'], { client: 'agent-3' });
    expect(rows).toEqual([expect.objectContaining({ record_id: 'b', version: 1 })]);
    await expect(runaway).rejects.toBeInstanceOf(QueryTimeoutError);
    await expect(waiting).rejects.toBeInstanceOf(QueryTimeoutError);
  });

  it('checks a statement again when the schema changed: a resource view gains a field', async () => {
    const sql = "SELECT * FROM contacts WHERE record_id = 'a'";
    await store.query(sql);
    const before = await store.runQuery(sql);
    expect(before.columns).not.toContain('email');
    await store.applyBatch(
      [Delta.upsert('contacts', 'a', { name: 'Ada', email: 'ada@example.com' }, 'crm')],
      lww,
    );
    const after = await store.runQuery(sql);
    expect(after.columns).toContain('email');
    expect(after.rows[0]?.[after.columns.indexOf('email')]).toBe('ada@example.com');
  });
});
