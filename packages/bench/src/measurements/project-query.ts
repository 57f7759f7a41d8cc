import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { QUERY_SQL, queryParameters, warmUpsFor } from '../bench-queries';
import type { QueryJob } from '../jobs';
import type { Measurement } from '../measurement';
import { MemorySampler } from '../memory-sampler';

/**
 * W3 through the project's public API: `store.query(sql, params)` — the read-only path agents
 * use — `job.repetitions` times, after the same untimed warm-up as the raw side.
 */
export async function queryWithProject(job: QueryJob): Promise<Measurement> {
  const memory = MemorySampler.start();
  const store = await SqliteMirrorStore.open(job.dbPath);
  try {
    const sql = QUERY_SQL[job.query];
    const parameters = queryParameters(job.query, job.data, job.repetitions);
    for (let i = 0; i < warmUpsFor(job.query, job.repetitions); i++) {
      await store.query(sql, parameters[i]);
    }
    let rows = 0;
    const started = performance.now();
    for (const values of parameters) rows += (await store.query(sql, values)).length;
    const elapsedMs = performance.now() - started;
    return { units: job.repetitions, elapsedMs, ...memory.stop(), details: { rows } };
  } finally {
    await store.close();
  }
}
