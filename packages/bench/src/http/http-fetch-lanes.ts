import type { HttpJob } from '../jobs';
import { fetchFixturePage } from './http-fixture';
import type { Measurement } from '../measurement';
import { MemorySampler } from '../memory-sampler';

/**
 * What the transport alone costs under latency: every listing fetched side by side, one request
 * at a time per listing, each page `JSON.parse`d for its next page and nothing stored. No sync
 * can be faster than this loop over the same server on the same machine; the latency floor
 * (pages × latency) leaves out what each request costs the server and the client.
 */
export async function fetchListingsSideBySide(job: HttpJob): Promise<Measurement> {
  const memory = MemorySampler.start();
  let records = 0;
  const started = performance.now();
  await Promise.all(
    job.paths.map(async (path) => {
      for (let page: number | null = 1; page !== null;) {
        const body = await fetchFixturePage(job.url, path, page);
        records += body.data.length;
        page = body.next_page;
        memory.sample();
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  return { units: records, elapsedMs, ...memory.stop(), details: { applied: records } };
}
