import type { BenchSession } from '../bench-session';
import { startFixture, type HttpFixture, type HttpFixtureSpec } from '../http/http-fixture';
import type { HttpJob } from '../jobs';
import { SeriesCollector, type Series } from '../series';

/** Latency per page of the latency case, in milliseconds. */
export const HTTP_LATENCY_MS = 20;

/** W5's results: a sync under latency against its floor, and one without against the bare loop. */
export interface HttpResult {
  latency: {
    spec: HttpFixtureSpec;
    /** Bytes of JSON of the records served: what the database's size is compared with. */
    payloadBytes: number;
    /** The largest listing's pages × the latency: no sync can be faster. */
    floorMs: number;
    project: Series;
    /** The listings only fetched, side by side, nothing stored: what the transport costs. */
    fetchOnly: Series;
  };
  bulk: {
    spec: HttpFixtureSpec;
    /** Bytes of JSON of the records served: what the database's size is compared with. */
    payloadBytes: number;
    /** The bare fetch-parse-insert loop over the same server. */
    bare: Series;
    project: Series;
  };
}

/**
 * W5 HTTP: the project syncs a local fixture server through `HttpSource`. The latency case has
 * three listings of `httpRecords` records in pages of 100, each page answered after 20 ms; its
 * floor is the largest listing's pages × 20 ms. The bulk case has one listing of
 * `httpBulkRecords` records in pages of 1,000 and no latency, beside the bare fetch-parse-insert
 * loop measured in the same run. Beside the latency case, its listings are also only fetched,
 * side by side and nothing stored, to show what the requests cost beyond the latency. The
 * servers run in this process, the syncs in fresh workers.
 */
export async function runHttpWorkload(session: BenchSession): Promise<HttpResult> {
  const { runs, httpRecords, httpBulkRecords } = session.options;
  const latencySpec: HttpFixtureSpec = {
    resources: 3,
    recordsPerResource: httpRecords,
    pageSize: 100,
    latencyMs: HTTP_LATENCY_MS,
  };
  const bulkSpec: HttpFixtureSpec = {
    resources: 1,
    recordsPerResource: httpBulkRecords,
    pageSize: 1000,
    latencyMs: 0,
  };
  const collected = new SeriesCollector();
  const latency = await startFixture(latencySpec);
  const bulk = await startFixture(bulkSpec);
  try {
    for (let run = 1; run <= runs; run++) {
      const label = (name: string): string => `W5 run ${run}/${runs}: ${name}`;
      const measure = async (name: string, job: Omit<HttpJob, 'dbPath'>): Promise<void> => {
        const dbPath = session.database(`w5-${name.replaceAll(' ', '-')}`);
        collected.add(name, await session.measure(label(name), { ...job, dbPath }));
        session.discard(dbPath);
      };
      await measure('project with latency', { kind: 'http-sync', ...served(latency) });
      await measure('fetch only with latency', { kind: 'http-fetch-lanes', ...served(latency) });
      await measure('raw fetch-parse-insert', { kind: 'http-bare', ...served(bulk) });
      await measure('project without latency', { kind: 'http-sync', ...served(bulk) });
    }
  } finally {
    await latency.close();
    await bulk.close();
  }
  return {
    latency: {
      spec: latencySpec,
      payloadBytes: latency.payloadBytes,
      floorMs: Math.ceil(httpRecords / latencySpec.pageSize) * HTTP_LATENCY_MS,
      project: collected.series('project with latency'),
      fetchOnly: collected.series('fetch only with latency'),
    },
    bulk: {
      spec: bulkSpec,
      payloadBytes: bulk.payloadBytes,
      bare: collected.series('raw fetch-parse-insert'),
      project: collected.series('project without latency'),
    },
  };
}

/** Where a worker finds a fixture's listings (plain data, sent to the child). */
function served(fixture: HttpFixture): Pick<HttpJob, 'url' | 'paths'> {
  return { url: fixture.url, paths: fixture.paths };
}
