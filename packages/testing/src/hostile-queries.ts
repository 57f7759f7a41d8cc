/**
 * Writes in the disguises every store's read-only SQL must refuse (with
 * `QueryNotReadOnlyError`), written in SQL both SQLite and PostgreSQL parse. A store's own test
 * adds the attacks of its engine (ATTACH and pragmas for SQLite; COPY and server files for
 * PostgreSQL).
 *
 * @example
 * it.each(hostileWrites)('refuses %s', async (_, sql) => {
 *   await expect(store.query(sql)).rejects.toBeInstanceOf(QueryNotReadOnlyError);
 * });
 */
export const hostileWrites: readonly (readonly [name: string, sql: string])[] = [
  ['a write hidden in a CTE', "WITH x AS (SELECT 1) UPDATE mirror_cursors SET cursor = 'x'"],
  ['a write after a comment', '/* read */ DELETE FROM mirror_record_state'],
  ['a write in lower case after whitespace', '\n\t  delete from mirror_record_state'],
  ['INSERT … SELECT', 'INSERT INTO mirror_resources SELECT record_id FROM mirror_records'],
  ['DROP VIEW', 'DROP VIEW mirror_records'],
  ['a second statement', 'SELECT 1; DELETE FROM mirror_record_state'],
  ['ANALYZE', 'ANALYZE'],
  ['SAVEPOINT', 'SAVEPOINT s'],
];

/** A query that never ends on its own: every store must stop it at its time limit. */
export const ENDLESS_QUERY =
  'WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM forever) SELECT count(*) FROM forever';
