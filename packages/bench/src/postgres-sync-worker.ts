import { Syncer } from '@oxide-mirror/core';
import { PostgresMirrorStore } from '@oxide-mirror/store-postgres';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { DeltaGenerator } from './data-generator';
import type { DataSpec } from './data-spec';
import { WorkerSource } from './worker-source';

/** What the PostgreSQL workload asks of one sync worker process (argv[2], as JSON). */
export interface SyncWorkerJob {
  url: string;
  schema: string;
  source: string;
  spec: DataSpec;
  batch: number;
}

/** The messages between the workload and a sync worker, in the order they are sent. */
export type SyncWorkerMessage =
  | { kind: 'ready' }
  | { kind: 'go' }
  | { kind: 'synced'; wallMs: number; cpuMs: number }
  | { kind: 'close' }
  | { kind: 'failed'; error: string };

/**
 * One sync worker of the three-worker figure, in its own process as a deployment runs them:
 * opens the store, says `ready`, syncs its source on `go`, reports its wall and CPU time, and
 * closes the store only on `close`, so the workload can read the server's CPU while this
 * worker's connections still exist.
 */
async function main(): Promise<void> {
  const send = (message: SyncWorkerMessage): Promise<void> =>
    new Promise((resolve) => {
      if (process.send === undefined) throw new Error('postgres-sync-worker.js must be forked');
      process.send(message, undefined, {}, () => resolve());
    });
  const next = (kind: 'go' | 'close'): Promise<void> =>
    new Promise((resolve) => {
      const listen = (message: SyncWorkerMessage): void => {
        if (message.kind !== kind) return;
        process.off('message', listen);
        resolve();
      };
      process.on('message', listen);
    });
  const job = JSON.parse(process.argv[2] ?? '') as SyncWorkerJob;
  const store = await PostgresMirrorStore.open({ connectionString: job.url, schema: job.schema });
  try {
    const syncer = new Syncer({ store, strategy: new LastWriteWins() });
    syncer.registerSource(new WorkerSource(job.source, new DeltaGenerator(job.spec), job.batch));
    const go = next('go');
    await send({ kind: 'ready' });
    await go;
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    await syncer.syncSource(job.source);
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const used = process.cpuUsage(cpu);
    const close = next('close');
    await send({ kind: 'synced', wallMs, cpuMs: (used.user + used.system) / 1000 });
    await close;
  } catch (error) {
    await send({
      kind: 'failed',
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  } finally {
    await store.close();
    process.disconnect();
  }
}

// A worker whose workload is gone has no one to report to: stop rather than run on.
process.on('disconnect', () => process.exit());
void main();
