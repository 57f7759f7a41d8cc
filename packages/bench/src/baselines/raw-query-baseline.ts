import type { Statement } from 'better-sqlite3';
import { QUERY_SQL, queryParameters, warmUpsFor, type QueryName } from '../bench-queries';
import type { QueryJob } from '../jobs';
import type { Measurement } from '../measurement';
import { MemorySampler } from '../memory-sampler';
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
 * The raw side of W3: the read prepared once on its own read-only better-sqlite3 connection to
 * the store's file, executed `job.repetitions` times after a few untimed warm-up executions.
 */
export function runRawQuery(job: QueryJob): Measurement {
  const memory = MemorySampler.start();
  const db = openRawReader(job.dbPath);
  try {
    const execute = rawExecution(job.query, db.prepare(QUERY_SQL[job.query]));
    const parameters = queryParameters(job.query, job.data, job.repetitions);
    for (let i = 0; i < warmUpsFor(job.query, job.repetitions); i++) {
      execute(parameters[i] as string[]);
    }
    let rows = 0;
    const started = performance.now();
    for (const values of parameters) rows += execute(values);
    const elapsedMs = performance.now() - started;
    return { units: job.repetitions, elapsedMs, ...memory.stop(), details: { rows } };
  } finally {
    db.close();
  }
}
