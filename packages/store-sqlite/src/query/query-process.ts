import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  QueryFailedError,
  QueryMemoryError,
  QueryNotReadOnlyError,
  QueryTimeoutError,
  type QueryResult,
} from '@oxide-mirror/core';
import type { ChildAnswer, ChildFailure, ChildQuery } from './child-protocol';

/** The compiled query process next to this module, or in `dist` when this runs from sources. */
function childEntry(): string {
  const beside = join(__dirname, 'query-child.js');
  return existsSync(beside)
    ? beside
    : join(__dirname, '..', '..', 'dist', 'query', 'query-child.js');
}

/** How a query process is started. */
export interface QueryProcessOptions {
  databasePath: string;
  /** The process's memory limit (its data segment: heap, SQLite's caches and sorts). */
  memoryBytes: number;
}

/** A query process's result, and whether the statement is a bounded program. */
export interface ProcessAnswer {
  result: QueryResult;
  bounded: boolean;
}

/**
 * One query process, running one query at a time. A query that outlives its time limit is
 * stopped the only way SQLite can be stopped from outside here: the process is killed; the
 * next query starts a fresh one. Compilation happens in the process too, so it is timed as well.
 */
export class QueryProcess {
  private child: ChildProcess | undefined;
  private ready: Promise<ChildProcess> | undefined;
  private nextId = 1;

  constructor(private readonly options: QueryProcessOptions) {}

  /**
   * Runs `query` and settles with its result, or rejects when it fails or takes longer than
   * `remainingMs` (what is left of its `timeoutMs` limit, which the error names).
   */
  async run(
    query: Omit<ChildQuery, 'id'>,
    { timeoutMs, remainingMs }: { timeoutMs: number; remainingMs: number },
  ): Promise<ProcessAnswer> {
    // Starting the process is the store's own work, bounded by Node's start-up: the time limit
    // counts from when the query is handed over, so a slow start never eats a query's time.
    const child = await this.start();
    const startedAt = Date.now();
    const id = this.nextId++;
    return new Promise<ProcessAnswer>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        child.off('message', onAnswer);
        child.off('exit', onExit);
        child.channel?.unref();
      };
      const timer = setTimeout(
        () => {
          finish();
          this.restart();
          reject(new QueryTimeoutError(timeoutMs));
        },
        Math.max(0, remainingMs - (Date.now() - startedAt)),
      );
      const onAnswer = (answer: ChildAnswer): void => {
        if (answer.id !== id) return;
        finish();
        if ('failure' in answer) {
          // A query that ran out of memory leaves its process at the edge of its limit (the
          // allocator keeps what it took, V8 may still need to grow): the next query, often an
          // innocent one, gets a fresh process rather than one that may abort under it.
          if (answer.failure.kind === 'memory') this.restart();
          reject(errorOf(answer.failure, this.options.memoryBytes));
        } else resolve({ result: resultOf(answer), bounded: answer.bounded === true });
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        finish();
        reject(stoppedError(code, signal, this.options.memoryBytes));
      };
      child.on('message', onAnswer);
      child.once('exit', onExit);
      child.channel?.ref();
      child.send({ ...query, id } satisfies ChildQuery);
    });
  }

  /** The running process's id, when one is running (for diagnostics). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Stops the process; the next query starts another. */
  close(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
    this.ready = undefined;
  }

  /**
   * Kills the process and starts the next one at once, so that the query waiting for this slot
   * (often an innocent one behind a runaway) does not wait for Node to start as well.
   */
  private restart(): void {
    this.close();
    this.start().catch(() => undefined);
  }

  private start(): Promise<ChildProcess> {
    this.ready ??= new Promise<ChildProcess>((resolve, reject) => {
      const child = spawnLimited(this.options);
      this.child = child;
      child.once('message', () => {
        // An idle query process must not keep the store's process alive (a store never closed
        // would otherwise hold it open for ever): only a query in flight holds the channel.
        child.unref();
        child.channel?.unref();
        resolve(child);
      });
      child.once('error', (error) => {
        this.forget(child);
        reject(new QueryFailedError(`the query process could not start: ${error.message}`));
      });
      child.once('exit', (code, signal) => {
        this.forget(child);
        reject(stoppedError(code, signal, this.options.memoryBytes));
      });
    });
    return this.ready;
  }

  private forget(child: ChildProcess): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.ready = undefined;
  }
}

/**
 * Starts the query process under a limit on its data segment (`ulimit -d`, which on Linux
 * covers the heap and every private writable mapping), with V8's heap kept inside that limit.
 * Where there is no POSIX shell (Windows) the process runs without the operating-system limit.
 */
function spawnLimited({ databasePath, memoryBytes }: QueryProcessOptions): ChildProcess {
  const heapMiB = Math.max(16, Math.floor(memoryBytes / 2 / 1048576));
  // The young generation grows up to 3 × 16 MiB by default; at small budgets that growth, on top
  // of the ~60 MiB a bare query process maps, crossed the limit and aborted V8 now and then.
  const semiSpaceMiB = Math.max(1, Math.min(16, Math.floor(memoryBytes / 32 / 1048576)));
  const node = [
    process.execPath,
    `--max-old-space-size=${heapMiB}`,
    `--max-semi-space-size=${semiSpaceMiB}`,
    childEntry(),
    databasePath,
  ];
  const options = {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'] as ('ignore' | 'inherit' | 'ipc')[],
    serialization: 'advanced' as const,
  };
  if (process.platform === 'win32') return spawn(node[0] as string, node.slice(1), options);
  const kib = String(Math.ceil(memoryBytes / 1024));
  return spawn('/bin/sh', ['-c', 'ulimit -d "$0" && exec "$@"', kib, ...node], options);
}

function resultOf(answer: Exclude<ChildAnswer, { failure: ChildFailure }>): QueryResult {
  const { columns, rows, truncated } = answer;
  return truncated === undefined ? { columns, rows } : { columns, rows, truncated };
}

function errorOf(failure: ChildFailure, memoryBytes: number): Error {
  if (failure.kind === 'refused') return new QueryNotReadOnlyError(failure.reason);
  if (failure.kind === 'memory') return new QueryMemoryError(memoryBytes);
  return new QueryFailedError(failure.reason);
}

/** A query process that ends by itself ran out of memory (V8 aborts) or crashed. */
function stoppedError(code: number | null, signal: string | null, memoryBytes: number): Error {
  if (signal === 'SIGABRT' || signal === 'SIGTRAP' || code === 134) {
    return new QueryMemoryError(memoryBytes);
  }
  return new QueryFailedError(`the query process stopped (${signal ?? `exit code ${code}`})`);
}
