import { QUERY_SQL, queryParameters, warmUpsFor } from '../bench-queries';
import type { QueryJob } from '../jobs';
import type { Measurement } from '../measurement';
import { MemorySampler } from '../memory-sampler';
import { openRawReader } from './raw-connection';

/**
 * The raw side of W3: the query prepared once on its own read-only better-sqlite3 connection to
 * the store's file, executed `job.repetitions` times with `all()` (the project returns all rows
 * too), after a few untimed warm-up executions.
 */
export function runRawQuery(job: QueryJob): Measurement {
  const memory = MemorySampler.start();
  const db = openRawReader(job.dbPath);
  try {
    const statement = db.prepare(QUERY_SQL[job.query]);
    const parameters = queryParameters(job.query, job.data, job.repetitions);
    for (let i = 0; i < warmUpsFor(job.query, job.repetitions); i++) {
      statement.all(...(parameters[i] as unknown[]));
    }
    let rows = 0;
    const started = performance.now();
    for (const values of parameters) rows += statement.all(...values).length;
    const elapsedMs = performance.now() - started;
    return { units: job.repetitions, elapsedMs, ...memory.stop(), details: { rows } };
  } finally {
    db.close();
  }
}
