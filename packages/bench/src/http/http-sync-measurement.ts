import { Syncer } from '@oxide-mirror/core';
import { HttpSource } from '@oxide-mirror/source-http';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import type { HttpJob } from '../jobs';
import type { Measurement } from '../measurement';
import { MemorySampler } from '../memory-sampler';
import { databaseBytes } from '../measurements/database-bytes';
import { storeCounts } from '../measurements/store-counts';

/**
 * The project over HTTP: an `HttpSource` (default settings) for the fixture's listings, synced
 * by a `Syncer` with last-write-wins into `SqliteMirrorStore.open(dbPath)`. The timed section is
 * the sync alone. `databaseBytes` (after close) gives the storage figure of the synced records.
 */
export async function syncOverHttp(job: HttpJob): Promise<Measurement> {
  const memory = MemorySampler.start();
  const store = await SqliteMirrorStore.open(job.dbPath);
  let measurement: Measurement;
  try {
    const source = new HttpSource({
      id: 'bench-http',
      baseUrl: job.url,
      resources: job.paths.map((path, index) => ({
        name: `http_items_${index}`,
        path,
        recordsAt: 'data',
        idField: 'id',
        updatedAtField: 'updated_at',
        pagination: { kind: 'next-cursor', cursorPath: 'next_page', param: 'page' },
      })),
    });
    const syncer = new Syncer({ store, strategy: new LastWriteWins() });
    const started = performance.now();
    const report = await syncer.syncWith(source);
    const elapsedMs = performance.now() - started;
    measurement = {
      units: report.pulled,
      elapsedMs,
      ...memory.stop(),
      details: { applied: report.applied, pages: report.pages, ...(await storeCounts(store)) },
    };
  } finally {
    await store.close();
  }
  measurement.details.databaseBytes = databaseBytes(job.dbPath);
  return measurement;
}
