import { QUERY_API, QUERY_NAMES, QUERY_SQL, isPointLookup, type QueryName } from '../bench-queries';
import type { BenchSession } from '../bench-session';
import { SeriesCollector, type Series } from '../series';

/** W3's results for one query. */
export interface QueryResult {
  query: QueryName;
  /** The project's API this read goes through. */
  api: string;
  /** The SQL of the raw side (and of `store.query`, for the SQL reads). */
  sql: string;
  /** Timed executions per measurement. */
  repetitions: number;
  /** A raw statement prepared once on a separate read-only connection. */
  raw: Series;
  /** The project through {@link QueryResult.api}. */
  project: Series;
}

/**
 * W3 query: per run, every read through raw prepared statements in one fresh process, then
 * through the project's API (`getRecord` or `query`) in another, over the shared database;
 * each read warmed up before it is timed.
 */
export async function runQueryWorkload(session: BenchSession): Promise<QueryResult[]> {
  const { runs, lookups, groupBys } = session.options;
  const dbPath = await session.sharedLog();
  const data = session.data;
  const collected = new SeriesCollector();
  const repetitionsOf = (query: QueryName): number => (isPointLookup(query) ? lookups : groupBys);
  const reads = QUERY_NAMES.map((query) => ({ query, repetitions: repetitionsOf(query) }));
  for (let run = 1; run <= runs; run++) {
    for (const kind of ['raw-query', 'project-query'] as const) {
      const side = kind === 'raw-query' ? 'raw' : 'project';
      const label = `W3 run ${run}/${runs}: ${side} ${QUERY_NAMES.join(', ')}`;
      const measurements = await session.measureAll(label, { kind, dbPath, reads, data });
      measurements.forEach((measurement, index) =>
        collected.add(`${side} ${QUERY_NAMES[index] as QueryName}`, measurement),
      );
    }
  }
  return QUERY_NAMES.map((query) => ({
    query,
    api: QUERY_API[query],
    sql: QUERY_SQL[query],
    repetitions: repetitionsOf(query),
    raw: collected.series(`raw ${query}`),
    project: collected.series(`project ${query}`),
  }));
}
