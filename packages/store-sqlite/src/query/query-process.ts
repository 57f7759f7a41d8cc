import { spawn, type ChildProcess } from 'node:child_process';
import {
  QueryFailedError,
  QueryTimeoutError,
  type QueryLimits,
  type QueryParams,
  type QueryResult,
} from '@oxide-mirror/core';
import { queryChildMain, type ChildAnswer, type ChildQuery } from './query-child-main';

interface Pending {
  resolve(result: QueryResult): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Runs queries in a child process on its own read-only connection, one at a time. A query that
 * outlives its time limit is stopped the only way SQLite can be stopped from outside here: the
 * child is killed (and a fresh one started for the next query). The writer, in the parent,
 * never waits on it.
 */
export class QueryProcess {
  private child: ChildProcess | undefined;
  private ready: Promise<ChildProcess> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly databasePath: string) {}

  /** Runs `sql` within `limits` in the child; rejects with QueryTimeoutError when too slow. */
  run(sql: string, params: QueryParams | undefined, limits: QueryLimits): Promise<QueryResult> {
    const run = this.queue.then(() => this.send(sql, params, limits));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the child. */
  close(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
    this.ready = undefined;
  }

  private async send(
    sql: string,
    params: QueryParams | undefined,
    limits: QueryLimits,
  ): Promise<QueryResult> {
    const child = await this.start();
    const id = this.nextId++;
    const query: ChildQuery = {
      id,
      sql,
      params,
      maxRows: limits.maxRows,
      maxBytes: limits.maxBytes,
    };
    return new Promise<QueryResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.close();
        reject(new QueryTimeoutError(limits.timeoutMs));
      }, limits.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      child.send(query);
    });
  }

  private start(): Promise<ChildProcess> {
    this.ready ??= new Promise<ChildProcess>((resolve, reject) => {
      const source = `(${String(queryChildMain)})(${JSON.stringify(require.resolve('better-sqlite3'))}, ${JSON.stringify(this.databasePath)})`;
      const child = spawn(process.execPath, ['-e', source], {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        serialization: 'advanced',
      });
      this.child = child;
      child.once('message', () => resolve(child));
      child.on('message', (answer: ChildAnswer) => this.settle(answer));
      child.once('error', reject);
      child.once('exit', (code, signal) => {
        if (this.child === child) this.close();
        const error = new QueryFailedError(
          `the query process stopped (${signal ?? `exit code ${code}`})`,
        );
        reject(error);
        for (const [id, pending] of this.pending) {
          clearTimeout(pending.timer);
          pending.reject(error);
          this.pending.delete(id);
        }
      });
    });
    return this.ready;
  }

  private settle(answer: ChildAnswer): void {
    const pending = this.pending.get(answer.id);
    if (pending === undefined) return;
    this.pending.delete(answer.id);
    clearTimeout(pending.timer);
    if ('error' in answer) {
      pending.reject(new QueryFailedError(answer.error));
      return;
    }
    const { columns, rows, truncated } = answer;
    pending.resolve(truncated === undefined ? { columns, rows } : { columns, rows, truncated });
  }
}
