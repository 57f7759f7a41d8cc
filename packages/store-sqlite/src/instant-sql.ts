import { sql, type RawBuilder } from 'kysely';

/**
 * SQL giving a canonical instant column (3, 6 or 9 fraction digits, see `normalizeInstant`) as
 * fixed-width text whose string order is time order — the SQL twin of `instantSortKey`. Compare
 * it with `instantSortKey(t)`, never the column itself: `…00.000Z` sorts after `…00.000002Z`.
 */
export function instantSortKeySql(column: string): RawBuilder<string> {
  const ref = sql.ref(column);
  return sql<string>`(CASE length(${ref}) WHEN 24 THEN substr(${ref}, 1, 23) || '000000Z' WHEN 27 THEN substr(${ref}, 1, 26) || '000Z' ELSE ${ref} END)`;
}
