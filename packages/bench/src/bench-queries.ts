import { DeltaGenerator } from './data-generator';
import type { DataSpec } from './data-spec';
import { SeededRandom, mixSeed } from './seeded-random';

/**
 * The W3 reads, by name: `record-lookup` is the store's typed read (`getRecord`), which runs
 * the store's own prepared statement in process; `query-lookup` is the same point lookup as
 * read-only SQL through `query()`, which runs behind the query guards; `group-by` aggregates a
 * JSON field over every live record through `query()`.
 */
export const QUERY_NAMES = ['record-lookup', 'query-lookup', 'group-by'] as const;

/** One of {@link QUERY_NAMES}. */
export type QueryName = (typeof QUERY_NAMES)[number];

/** The public API each W3 read goes through on the project's side. */
export const QUERY_API: Readonly<Record<QueryName, string>> = {
  'record-lookup': 'store.getRecord(resource, id)',
  'query-lookup': 'store.query(sql, [resource, id])',
  'group-by': 'store.query(sql)',
};

/**
 * The SQL the raw side prepares once for each read. `query-lookup` and `group-by` send the same
 * text to `store.query`; `record-lookup` reads the whole record, as `getRecord` returns it.
 */
export const QUERY_SQL: Readonly<Record<QueryName, string>> = {
  'record-lookup': 'SELECT * FROM mirror_records WHERE resource = ? AND record_id = ?',
  'query-lookup':
    'SELECT record_id, payload, version FROM mirror_records WHERE resource = ? AND record_id = ?',
  'group-by': `SELECT resource, json_extract(payload, '$.status') AS status, count(*) AS records,
  round(avg(json_extract(payload, '$.amount')), 2) AS avg_amount
FROM mirror_records GROUP BY resource, status ORDER BY resource, status`,
};

/** True for the reads of one record by its key, which run `--lookups` times. */
export function isPointLookup(query: QueryName): boolean {
  return query !== 'group-by';
}

/** Untimed executions before the timed ones, so both sides start with warm caches. */
export function warmUpsFor(query: QueryName, repetitions: number): number {
  return isPointLookup(query) ? Math.min(1000, repetitions) : 1;
}

/**
 * `count` record keys (resource, id) drawn uniformly from the generated records: the same keys
 * on both sides and for both point lookups. Some are deleted records, which both sides miss.
 */
export function lookupKeys(data: DataSpec, count: number): [string, string][] {
  const generator = new DeltaGenerator(data);
  const random = new SeededRandom(mixSeed(data.seed, 0x100c));
  return Array.from({ length: count }, (): [string, string] => {
    const { resource, recordId } = generator.recordKey(random.int(data.records));
    return [resource, recordId];
  });
}

/** The parameters of each execution: {@link lookupKeys} for a point lookup, none for `group-by`. */
export function queryParameters(query: QueryName, data: DataSpec, repetitions: number): string[][] {
  if (isPointLookup(query)) return lookupKeys(data, repetitions);
  return Array.from({ length: repetitions }, (): string[] => []);
}
