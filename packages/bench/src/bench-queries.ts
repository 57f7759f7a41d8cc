import { DeltaGenerator } from './data-generator';
import type { DataSpec } from './data-spec';
import { SeededRandom, mixSeed } from './seeded-random';

/** The W3 queries, by name. */
export const QUERY_NAMES = ['lookup', 'group-by'] as const;

/** One of {@link QUERY_NAMES}. */
export type QueryName = (typeof QUERY_NAMES)[number];

/**
 * The SQL of each W3 query; the project and the raw baseline run the same text. `lookup` reads
 * one record by its key; `group-by` aggregates a JSON field over every live record.
 */
export const QUERY_SQL: Readonly<Record<QueryName, string>> = {
  lookup:
    'SELECT record_id, payload, version FROM mirror_records WHERE resource = ? AND record_id = ?',
  'group-by': `SELECT resource, json_extract(payload, '$.status') AS status, count(*) AS records,
  round(avg(json_extract(payload, '$.amount')), 2) AS avg_amount
FROM mirror_records GROUP BY resource, status ORDER BY resource, status`,
};

/** Untimed executions before the timed ones, so both sides start with warm caches. */
export function warmUpsFor(query: QueryName, repetitions: number): number {
  return query === 'lookup' ? Math.min(1000, repetitions) : 1;
}

/**
 * The parameters of each execution: for `lookup`, `repetitions` record keys drawn uniformly
 * from the generated records (the same keys on both sides); for `group-by`, none.
 */
export function queryParameters(
  query: QueryName,
  data: DataSpec,
  repetitions: number,
): unknown[][] {
  if (query === 'group-by') return Array.from({ length: repetitions }, () => []);
  const generator = new DeltaGenerator(data);
  const random = new SeededRandom(mixSeed(data.seed, 0x100c));
  return Array.from({ length: repetitions }, () => {
    const { resource, recordId } = generator.recordKey(random.int(data.records));
    return [resource, recordId];
  });
}
