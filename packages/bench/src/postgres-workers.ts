import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type pg from 'pg';
import type { DataSpec } from './data-spec';
import type { SyncWorkerJob, SyncWorkerMessage } from './postgres-sync-worker';
import { serverCpuMs } from './server-cpu';

/** What a run of several sync worker processes took: wall time, and CPU in node and server. */
export interface WorkersRun {
  wallMs: number;
  /** CPU of the worker processes while they synced, summed. */
  workerCpuMs: number;
  /** CPU of the PostgreSQL server meanwhile; undefined when it cannot be read (see {@link serverCpuMs}). */
  serverCpuMs: number | undefined;
}

/**
 * Syncs one source per name in `sources` into the mirror at `schema`, each in its own worker
 * process, all at once: every worker opens its store first, then all are told to start, and
 * the time runs from then until the last has synced.
 */
export async function runSyncWorkers(
  admin: pg.Client,
  url: string,
  schema: string,
  sources: readonly string[],
  spec: DataSpec,
  batch: number,
): Promise<WorkersRun> {
  const workers = sources.map((source) => {
    const job: SyncWorkerJob = { url, schema, source, spec, batch };
    return new WorkerProcess(
      fork(join(__dirname, 'postgres-sync-worker.js'), [JSON.stringify(job)], {
        stdio: ['ignore', 2, 2, 'ipc'],
      }),
    );
  });
  try {
    await Promise.all(workers.map((worker) => worker.next('ready')));
    const serverBefore = await serverCpuMs(admin);
    const started = process.hrtime.bigint();
    const synced = workers.map((worker) => worker.next('synced'));
    for (const worker of workers) worker.send({ kind: 'go' });
    const reports = await Promise.all(synced);
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const serverAfter = await serverCpuMs(admin);
    for (const worker of workers) worker.send({ kind: 'close' });
    await Promise.all(workers.map((worker) => worker.exited));
    return {
      wallMs,
      workerCpuMs: reports.reduce((sum, report) => sum + report.cpuMs, 0),
      serverCpuMs:
        serverBefore === undefined || serverAfter === undefined
          ? undefined
          : serverAfter - serverBefore,
    };
  } finally {
    for (const worker of workers) worker.kill();
  }
}

type Reply<K extends SyncWorkerMessage['kind']> = Extract<SyncWorkerMessage, { kind: K }>;

/** One forked sync worker: its messages awaited one kind at a time, its failure as an error. */
class WorkerProcess {
  readonly exited: Promise<void>;
  private failure: Error | undefined;
  private readonly waiting = new Set<(error: Error) => void>();

  constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.on('message', (message: SyncWorkerMessage) => {
      if (message.kind === 'failed')
        this.fail(new Error(`a sync worker failed:\n${message.error}`));
    });
    child.once('exit', (code, signal) => {
      this.fail(new Error(`a sync worker exited with ${signal ?? `code ${code}`}`));
    });
  }

  next<K extends 'ready' | 'synced'>(kind: K): Promise<Reply<K>> {
    return new Promise((resolve, reject) => {
      if (this.failure !== undefined) {
        reject(this.failure);
        return;
      }
      const listen = (message: SyncWorkerMessage): void => {
        if (message.kind !== kind) return;
        this.child.off('message', listen);
        this.waiting.delete(reject);
        resolve(message as Reply<K>);
      };
      this.child.on('message', listen);
      this.waiting.add(reject);
    });
  }

  send(message: SyncWorkerMessage): void {
    this.child.send(message);
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const reject of this.waiting) reject(this.failure);
    this.waiting.clear();
  }
}
