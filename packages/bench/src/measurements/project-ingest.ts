import { Syncer } from '@oxide-mirror/core';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { DeltaGenerator } from '../data-generator';
import { GeneratedSource } from '../generated-source';
import type { ProjectIngestJob } from '../jobs';
import type { Measurement } from '../measurement';
import { MemorySampler } from '../memory-sampler';
import { createStrategy } from '../strategies';
import { databaseBytes } from './database-bytes';
import { storeCounts } from './store-counts';

/**
 * W1 through the project's public API: a `Syncer` with the job's strategy syncs a
 * {@link GeneratedSource} into `SqliteMirrorStore.open(dbPath)`, one store transaction per page
 * of `job.batch` deltas. The timed section is the sync alone (not opening or closing the store).
 * `databaseBytes` and `payloadBytes` give the storage figure: the file's size per byte of the
 * payload JSON the source handed out.
 */
export async function ingestWithProject(job: ProjectIngestJob): Promise<Measurement> {
  const memory = MemorySampler.start();
  const store = await SqliteMirrorStore.open(job.dbPath);
  let measurement: Measurement;
  try {
    const syncer = new Syncer({ store, strategy: createStrategy(job.strategy) });
    const source = new GeneratedSource(new DeltaGenerator(job.data), job.batch);
    const started = performance.now();
    const report = await syncer.syncWith(source);
    const elapsedMs = performance.now() - started;
    const peaks = memory.stop();
    measurement = {
      units: report.pulled,
      elapsedMs,
      ...peaks,
      details: {
        payloadBytes: source.payloadBytes,
        applied: report.applied,
        skipped: report.skipped - report.duplicates,
        duplicates: report.duplicates,
        pages: report.pages,
        ...(await storeCounts(store)),
      },
    };
  } finally {
    await store.close();
  }
  measurement.details.databaseBytes = databaseBytes(job.dbPath);
  return measurement;
}
