import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { QUERY_SQL, queryParameters, warmUpsFor, type QueryName } from '../bench-queries';
import type { QueryJob, QueryRead } from '../jobs';
import type { Measurement } from '../measurement';
import { MemorySampler } from '../memory-sampler';
import { timeReads } from './time-reads';

/** One execution of a W3 read through the store's public API; resolves with the rows it read. */
function projectExecution(
  query: QueryName,
  store: SqliteMirrorStore,
): (values: string[]) => Promise<number> {
  if (query === 'record-lookup') {
    return async ([resource = '', recordId = '']) => {
      const record = await store.getRecord(resource, recordId);
      // The store parses a record's payload when it is first read; the raw side parses it too.
      return record?.payload === undefined ? 0 : 1;
    };
  }
  const sql = QUERY_SQL[query];
  return async (values) => (await store.query(sql, values)).length;
}

/**
 * W3 through the project's public API — `store.getRecord` for the record lookup, the read-only
 * `store.query(sql, params)` agents use for the others — each read `repetitions` times on one
 * open store, after the same untimed warm-up as the raw side.
 */
export async function queryWithProject(job: QueryJob): Promise<Measurement[]> {
  const memory = MemorySampler.start();
  const store = await SqliteMirrorStore.open(job.dbPath);
  try {
    return await timeReads(job, memory, async ({ query, repetitions }: QueryRead) => {
      const execute = projectExecution(query, store);
      const parameters = queryParameters(query, job.data, repetitions);
      for (let i = 0; i < warmUpsFor(query, repetitions); i++) {
        await execute(parameters[i] as string[]);
      }
      let rows = 0;
      const started = performance.now();
      for (const values of parameters) rows += await execute(values);
      return { elapsedMs: performance.now() - started, rows };
    });
  } finally {
    await store.close();
  }
}
