import { QueryFailedError, QueryNotReadOnlyError } from '@oxide-mirror/core';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upsertAt } from './fixtures';

const refused: [string, string][] = [
  ['DROP TABLE', 'DROP TABLE mirror_events'],
  ['a write after a read', 'SELECT 1; DROP TABLE mirror_events'],
  ['DELETE', 'DELETE FROM mirror_record_state'],
  ['INSERT', "INSERT INTO mirror_resources (name) VALUES ('x')"],
  ['UPDATE', "UPDATE mirror_cursors SET cursor = 'x'"],
  ['WITH … DELETE', 'WITH doomed AS (SELECT 1) DELETE FROM mirror_record_state'],
  [
    'WITH … INSERT',
    "WITH n AS (SELECT 'x' AS name) INSERT INTO mirror_resources SELECT name FROM n",
  ],
  ['REPLACE', "REPLACE INTO mirror_resources (name) VALUES ('x')"],
  ['CREATE TABLE', 'CREATE TABLE evil (x)'],
  ['ALTER TABLE', 'ALTER TABLE mirror_events ADD COLUMN x'],
  ['a pragma assignment', 'PRAGMA journal_mode = DELETE'],
  ['a pragma call that sets', 'PRAGMA query_only(0)'],
  ['ATTACH', "ATTACH DATABASE '/tmp/other.db' AS other"],
  ['DETACH', 'DETACH DATABASE main'],
  ['VACUUM', 'VACUUM'],
  ['VACUUM INTO', "VACUUM INTO '/tmp/copy.db'"],
  ['load_extension', "SELECT load_extension('/tmp/evil.so')"],
  ['BEGIN', 'BEGIN IMMEDIATE'],
  ['two reads', 'SELECT 1; SELECT 2'],
  ['an empty text', '   '],
];

describe('read-only query', () => {
  for (const where of ['in memory', 'on a file'] as const) {
    describe(where, () => {
      let store: SqliteMirrorStore;
      let dir: string | undefined;
      beforeEach(async () => {
        if (where === 'in memory') store = await SqliteMirrorStore.inMemory();
        else {
          dir = mkdtempSync(join(tmpdir(), 'oxide-query-'));
          store = await SqliteMirrorStore.open(join(dir, 'mirror.db'));
        }
        const strategy = new LastWriteWins();
        await store.applyBatch(
          [upsertAt(1, 'a', { name: 'Ada', age: 36 }), upsertAt(2, 'b', { name: 'Bob', age: 41 })],
          strategy,
        );
      });
      afterEach(async () => {
        await store.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      });

      it.each(refused)('refuses %s', async (_, sql) => {
        const before = await store.query('SELECT count(*) AS n FROM mirror_events');
        await expect(store.query(sql)).rejects.toBeInstanceOf(QueryNotReadOnlyError);
        expect(await store.query('SELECT count(*) AS n FROM mirror_events')).toEqual(before);
        expect(await store.recordCounts()).toEqual({ contacts: 2 });
      });

      it('still writes after refusing queries', async () => {
        await expect(store.query('DELETE FROM mirror_record_state')).rejects.toThrow();
        const outcome = await store.applyDelta(
          upsertAt(3, 'c', { name: 'Cy' }),
          new LastWriteWins(),
        );
        expect(outcome.applied).toBe(true);
      });

      it('returns rows in order with numbers as numbers', async () => {
        const rows = await store.query(
          `SELECT record_id, json_extract(payload, '$.name') AS name, json_extract(payload, '$.age') AS age
           FROM mirror_records ORDER BY record_id`,
        );
        expect(rows).toEqual([
          { record_id: 'a', name: 'Ada', age: 36 },
          { record_id: 'b', name: 'Bob', age: 41 },
        ]);
        expect(Object.keys(rows[0] ?? {})).toEqual(['record_id', 'name', 'age']);
      });

      it('returns a GROUP BY count as a number and an average as a real', async () => {
        expect(
          await store.query('SELECT resource, count(*) AS n FROM mirror_records GROUP BY resource'),
        ).toEqual([{ resource: 'contacts', n: 2 }]);
        expect(
          await store.query('SELECT avg(v) AS mean FROM (SELECT 2 AS v UNION ALL SELECT 3)'),
        ).toEqual([{ mean: 2.5 }]);
      });

      it.each([
        ['a leading comment', '-- who?\nSELECT count(*) AS n FROM mirror_records /* done */'],
        ['EXPLAIN QUERY PLAN', 'EXPLAIN QUERY PLAN SELECT * FROM mirror_records'],
        ['a semicolon inside a string', "SELECT ';DROP TABLE mirror_events;' AS text"],
        ['json_each', "SELECT value FROM json_each('[1, 2, 3]')"],
        ['a descriptive pragma', 'PRAGMA table_info(mirror_events)'],
        ['a table-valued pragma', "SELECT name FROM pragma_table_info('mirror_records')"],
      ])('accepts a read with %s', async (_, sql) => {
        await expect(store.query(sql)).resolves.toEqual(expect.any(Array));
      });

      it('binds positional and named parameters', async () => {
        expect(
          await store.query('SELECT record_id FROM mirror_records WHERE record_id = ?', ['b']),
        ).toEqual([{ record_id: 'b' }]);
        expect(await store.query('SELECT @x + 1 AS y', { x: 41 })).toEqual([{ y: 42 }]);
      });

      it('reports SQL errors as QueryFailedError with SQLite’s reason', async () => {
        await expect(store.query('SELECT * FROM no_such_table')).rejects.toThrow(QueryFailedError);
        await expect(store.query('SELECT * FROM no_such_table')).rejects.toThrow(/no such table/);
      });
    });
  }
});
