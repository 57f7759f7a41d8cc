import type { Statement } from 'better-sqlite3';
import { QUERY_SQL, queryParameters, warmUpsFor, type QueryName } from '../bench-queries';
import type { QueryJob, QueryRead } from '../jobs';
import type { Measurement } from '../measurement';
import { MemorySampler } from '../memory-sampler';
import { timeReads } from '../measurements/time-reads';
import { openRawReader } from './raw-connection';

/**
 * One execution of a W3 read by hand; returns the rows it read. A record lookup takes the row
 * with `get()` and parses its payload, as a hand-written `getRecord` would; the SQL reads return
 * all rows with `all()`, as `store.query` does.
 */
function rawExecution(query: QueryName, statement: Statement): (values: string[]) => number {
  if (query !== 'record-lookup') return (values) => statement.all(...values).length;
  return (values) => {
    const row = statement.get(...values) as { payload: string } | undefined;
    const record = row === undefined ? undefined : { ...row, payload: JSON.parse(row.payload) };
    return record === undefined ? 0 : 1;
  };
}

/**
 * The raw side of W3: each read prepared once on one read-only better-sqlite3 connection to the
 * store's file, executed `repetitions` times after a few untimed warm-up executions.
 */
export async function runRawQueries(job: QueryJob): Promise<Measurement[]> {
  const memory = MemorySampler.start();
  const db = openRawReader(job.dbPath);
  try {
    return await timeReads(job, memory, async ({ query, repetitions }: QueryRead) => {
      const execute = rawExecution(query, db.prepare(QUERY_SQL[query]));
      const parameters = queryParameters(query, job.data, repetitions);
      for (let i = 0; i < warmUpsFor(query, repetitions); i++) execute(parameters[i] as string[]);
      let rows = 0;
      const started = performance.now();
      for (const values of parameters) rows += execute(values);
      return { elapsedMs: performance.now() - started, rows };
    });
  } finally {
    db.close();
  }
}
