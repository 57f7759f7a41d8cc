import type { ConflictStrategy } from '@oxide-mirror/core';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import type { ProjectRebuildJob } from '../jobs';
import type { Measurement } from '../measurement';
import { MemorySampler } from '../memory-sampler';
import { createStrategy } from '../strategies';
import { storeCounts } from './store-counts';

/** The part of the store's API that W2 needs, described structurally: it may not exist yet. */
interface Rebuildable {
  rebuild(options: { strategy: ConflictStrategy }): Promise<unknown>;
}

/** True when this build of the store has `rebuild`, the API that W2 measures. */
export function storeCanRebuild(): boolean {
  return typeof (SqliteMirrorStore.prototype as Partial<Rebuildable>).rebuild === 'function';
}

/**
 * W2 through the project's public API: `store.rebuild({ strategy })` on the store at `dbPath`,
 * which replays the whole event log into a fresh projection. The timed section is the rebuild.
 */
export async function rebuildWithProject(job: ProjectRebuildJob): Promise<Measurement> {
  const memory = MemorySampler.start();
  const store = await SqliteMirrorStore.open(job.dbPath);
  try {
    const rebuildable = store as unknown as Partial<Rebuildable>;
    if (typeof rebuildable.rebuild !== 'function') {
      throw new Error('SqliteMirrorStore has no rebuild() in this build');
    }
    const events = await store.eventCount();
    const started = performance.now();
    await rebuildable.rebuild({ strategy: createStrategy(job.strategy) });
    const elapsedMs = performance.now() - started;
    const peaks = memory.stop();
    return { units: events, elapsedMs, ...peaks, details: await storeCounts(store) };
  } finally {
    await store.close();
  }
}
