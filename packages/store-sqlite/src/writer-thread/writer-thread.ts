import { once } from 'node:events';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SqliteError } from 'better-sqlite3';
import * as core from '@oxide-mirror/core';
import {
  compiledModule,
  MirrorError,
  strategyIdentityOf,
  type AppliedDelta,
  type ConflictStrategy,
  type StrategyIdentity,
} from '@oxide-mirror/core';
import type { BatchExtras, BatchItem } from '../batch-writer';
import { packBatch } from './wire-batch';
import {
  fromWireError,
  type WriteRequest,
  type WriterReply,
  type WriterThreadSetup,
} from './writer-protocol';

/** Batches smaller than this are written in-thread by default: the hop would cost more. */
export const DEFAULT_WRITER_THREAD_MIN_DELTAS = 256;

/**
 * The compiled entry of the thread, also when this file runs from its sources (tests);
 * undefined where there is none (bundled into one ES module): there is no thread then.
 */
export const WORKER_MODULE = compiledModule(
  () => join(__dirname, '..'),
  'writer-thread/writer-worker.js',
);

/** Error classes an error from the thread is rebuilt as, by name. */
const ERROR_CLASSES = new Map<string, ErrorClass>(
  ([...Object.values(core), SqliteError] as unknown[])
    .filter(isErrorClass)
    .map((type) => [type.name, type]),
);

type ErrorClass = new (...args: never[]) => Error;

function isErrorClass(value: unknown): value is ErrorClass {
  return typeof value === 'function' && value.prototype instanceof Error;
}

interface Pending {
  resolve(outcomes: AppliedDelta[] | undefined): void;
  reject(error: Error): void;
}

/**
 * The store's writer thread: a worker thread with its own connection to the store's file, which
 * writes large batches while this thread reads and prepares the next page. Batches are written
 * in the order they are sent, each in its own transaction, exactly as in-thread (the same
 * `BatchWriter`); the strategy is built there from its plugin (`ConflictStrategy.plugin`), so
 * only batches whose strategy names one go there. Nothing here keeps the process alive while no
 * batch is on its way.
 */
export class WriterThread {
  private worker: Worker | undefined;
  /** True once the thread has opened the database: until then, batches are written here. */
  private ready = false;
  /** Settles when the thread started last has opened the database, or failed to. */
  private opening: { done: Promise<void>; open(): void; fail(error: Error): void } | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleWaiters: (() => void)[] = [];
  /** Strategies the thread could not build: written in-thread from then on. */
  private readonly unportable = new WeakSet<ConflictStrategy>();
  private readonly identities = new WeakMap<ConflictStrategy, StrategyIdentity>();
  private closed = false;

  /**
   * @param module the thread's entry ({@link WORKER_MODULE})
   * @param setup what the thread opens the database with
   * @param minDeltas the smallest batch it takes
   */
  constructor(
    private readonly module: string,
    private readonly setup: WriterThreadSetup,
    private readonly minDeltas: number,
  ) {}

  /**
   * Whether the thread takes this batch: large enough, a strategy it can build, and no rejects
   * (a reject's raw value may be anything, and need not cross threads).
   */
  takes(items: readonly BatchItem[], strategy: ConflictStrategy, extras: BatchExtras): boolean {
    if (this.closed || items.length < this.minDeltas || extras.sourceRejects.length > 0) {
      return false;
    }
    if (strategy.plugin === undefined || this.unportable.has(strategy)) return false;
    if (!items.every((item) => item.reject === undefined)) return false;
    // The first batch for it starts the thread and is written here while the thread opens.
    this.started();
    return this.ready;
  }

  /** Starts the thread, unless it runs, and resolves once it has opened the database. */
  async start(): Promise<void> {
    this.started();
    await this.opening?.done;
  }

  /** True while a batch is on its way. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /**
   * Sends the batch to the thread; `outcomes` resolves once it committed, or with undefined,
   * having written nothing, when the thread cannot build the strategy (or handed back the
   * batch of the same source before it, `after`). `id` names the batch as a later `after`.
   */
  write(
    items: readonly BatchItem[],
    strategy: ConflictStrategy,
    extras: BatchExtras,
    after?: WriteRequest['after'],
  ): { id: number; outcomes: Promise<AppliedDelta[] | undefined> } {
    const worker = this.started();
    const plugin = strategy.plugin as NonNullable<ConflictStrategy['plugin']>;
    const request: WriteRequest = {
      id: this.nextId++,
      after,
      strategy: { plugin, identity: this.identityOf(strategy) },
      deltas: packBatch(items.map(({ prepared }) => prepared as core.PreparedDelta)),
      extras,
    };
    const outcomes = new Promise<AppliedDelta[] | undefined>((resolve, reject) => {
      if (this.pending.size === 0) worker.ref();
      this.pending.set(request.id, {
        resolve: (written) => {
          if (written === undefined) this.unportable.add(strategy);
          resolve(written);
        },
        reject,
      });
      worker.postMessage(request);
    });
    return { id: request.id, outcomes };
  }

  /** Resolves once no batch is on its way. */
  idle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Waits for the batches on their way, then closes the thread's connection and ends it. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
    const worker = this.worker;
    if (worker === undefined) return;
    const exited = once(worker, 'exit');
    // Kept alive until its connection is closed: nothing else may hold the process open.
    worker.ref();
    worker.postMessage('close');
    await exited;
  }

  private identityOf(strategy: ConflictStrategy): StrategyIdentity {
    let identity = this.identities.get(strategy);
    if (identity === undefined) {
      identity = strategyIdentityOf(strategy);
      this.identities.set(strategy, identity);
    }
    return identity;
  }

  private started(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(this.module, { workerData: this.setup });
    worker.unref();
    let open = (): void => undefined;
    let fail = (_error: Error): void => undefined;
    const done = new Promise<void>((resolve, reject) => {
      open = resolve;
      fail = reject;
    });
    // Awaited only by start(); a thread that cannot open fails its batches too.
    done.catch(() => undefined);
    this.opening = { done, open, fail };
    worker.on('message', (reply: WriterReply) => this.received(reply));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => {
      const stopped = new Error(`it exited with code ${code}`);
      if (this.worker === worker) {
        this.worker = undefined;
        this.ready = false;
        this.opening?.fail(stopped);
      }
      this.failAll(stopped);
    });
    this.worker = worker;
    return worker;
  }

  private received(reply: WriterReply): void {
    if ('ready' in reply) {
      this.ready = true;
      this.opening?.open();
      return;
    }
    if ('fatal' in reply) {
      // It could not open the file, and would not the next time: everything is written here.
      this.closed = true;
      const error = fromWireError(reply.fatal, ERROR_CLASSES);
      this.opening?.fail(error);
      this.failAll(error, false);
      return;
    }
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    this.pending.delete(reply.id);
    if ('outcomes' in reply) pending.resolve(reply.outcomes);
    else if ('unportable' in reply) pending.resolve(undefined);
    else pending.reject(fromWireError(reply.error, ERROR_CLASSES));
    this.settled();
  }

  /** Fails every batch on its way: the thread stopped before telling their outcome. */
  private failAll(cause: Error, unknownOutcome = true): void {
    if (this.pending.size === 0) return;
    const failures = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of failures) {
      reject(
        unknownOutcome
          ? new MirrorError(
              'WRITER_THREAD_FAILED',
              `the store's writer thread stopped before the batch's outcome was known ` +
                `(${cause.message}); syncing again writes it exactly once`,
              { cause },
            )
          : cause,
      );
    }
    this.settled();
  }

  private settled(): void {
    if (this.pending.size > 0) return;
    this.worker?.unref();
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
