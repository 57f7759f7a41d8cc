import {
  QueryFailedError,
  QueryLimitError,
  type ConflictStrategy,
  type QueryLimits,
  type QueryOptions,
  type QueryParams,
  type QueryResult,
  type QueryRow,
} from '@oxide-mirror/core';
import { AS_OF_TABLE, liveRowsAsOf, normalizeAsOfTime } from '../as-of-table';
import type { EventReader } from '../event-reader';
import { asOfCallsIn } from './as-of-calls';
import { BoundedQueries } from './bounded-queries';
import { asOfKey, type AsOfRows } from './child-protocol';
import { QueryPool } from './query-pool';
import { QueryProcess } from './query-process';

/** How many queries run and wait at once, and the memory each may use. */
export interface QueryBudget {
  /** Queries run at once, each in its own process. Default 2. */
  processes: number;
  /** Queries that may wait for a process, all clients together. Default 16. */
  queueLength: number;
  /** Queries one client may have waiting. Default 2, so a waiting query starts within one time limit. */
  queuePerClient: number;
  /** Memory one query process may use, in bytes: heap, SQLite's cache, sorts and temporary tables. Default 512 MiB. */
  memoryBytes: number;
}

/** The budget used when the store is given none. */
export const DEFAULT_QUERY_BUDGET: Readonly<QueryBudget> = Object.freeze({
  processes: 2,
  queueLength: 16,
  queuePerClient: 2,
  memoryBytes: 512 * 1024 * 1024,
});

/** Most `mirror_records_as_of` calls one query may make: each one folds a resource's log. */
const MAX_AS_OF_CALLS = 8;

/** What the runner needs from the store besides the file. */
export interface QueryRunnerContext {
  databasePath: string;
  /** How long a connection waits for a lock. */
  busyTimeoutMs: number;
  limits: QueryLimits;
  budget: QueryBudget;
  /** The store's events and strategy, for `mirror_records_as_of`. */
  events: EventReader;
  strategy(): ConflictStrategy | undefined;
}

/**
 * The store's read-only SQL. SQL from outside the store is first compiled and run in a query
 * process: through a fair, bounded {@link QueryPool}, a query process checks it (see
 * `prepareReadOnly`), runs it on a read-only connection under a memory limit and streams its rows
 * into a result cut at the row and byte limits. A process whose query outlives its time limit —
 * compile time included — is killed. Only a statement that process found to be a bounded program
 * (a point lookup: no loop over rows, see `isBoundedProgram`) runs in the store's process from
 * then on ({@link BoundedQueries}), so repeated lookups cost no round trip.
 */
export class QueryRunner {
  private readonly pool: QueryPool;
  private readonly processes: QueryProcess[];
  private readonly bounded: BoundedQueries;

  constructor(private readonly context: QueryRunnerContext) {
    const { budget, databasePath } = context;
    this.bounded = new BoundedQueries(databasePath, context.busyTimeoutMs);
    this.pool = new QueryPool(budget);
    this.processes = Array.from(
      { length: budget.processes },
      () => new QueryProcess({ databasePath, memoryBytes: budget.memoryBytes }),
    );
  }

  /** Runs `sql` within `limits` (defaults for the rest) and returns the result, cut if needed. */
  async run(
    sql: string,
    params?: QueryParams,
    limits: Partial<QueryLimits> = {},
    options: QueryOptions = {},
  ): Promise<QueryResult> {
    const bounds = { ...this.context.limits, ...limits };
    const here = this.bounded.run(sql, params, bounds);
    if (here !== undefined) return here;
    const { result, bounded } = await this.pool.run(options.client ?? 'default', async (slot) => {
      const deadline = { at: Date.now() + bounds.timeoutMs, timeoutMs: bounds.timeoutMs };
      const asOf = await this.asOfRows(sql, params, deadline);
      const process = this.processes[slot] as QueryProcess;
      const { maxRows, maxBytes } = bounds;
      // What the fold of `mirror_records_as_of` took is taken from the query's time.
      const remainingMs = Math.max(1, deadline.at - Date.now());
      const { timeoutMs } = bounds;
      return process.run({ sql, params, maxRows, maxBytes, asOf }, { timeoutMs, remainingMs });
    });
    if (bounded) this.bounded.admit(sql, params);
    return result;
  }

  /** Runs `sql` and returns its rows as objects; refuses a result beyond the limits. */
  async rows(sql: string, params?: QueryParams, options?: QueryOptions): Promise<QueryRow[]> {
    const result = await this.run(sql, params, {}, options);
    const { maxRows, maxBytes } = this.context.limits;
    if (result.truncated === 'rows') throw new QueryLimitError(`more than ${maxRows} rows`);
    if (result.truncated === 'bytes') throw new QueryLimitError(`more than ${maxBytes} bytes`);
    const { columns } = result;
    return result.rows.map((row) => {
      const object: QueryRow = {};
      for (let i = 0; i < columns.length; i++) object[columns[i] as string] = row[i];
      return object;
    });
  }

  /** Stops the query processes. */
  close(): void {
    this.bounded.close();
    for (const process of this.processes) process.close();
  }

  /** Folds the log for each `mirror_records_as_of` call the query process will meet. */
  private async asOfRows(
    sql: string,
    params: QueryParams | undefined,
    deadline: { at: number; timeoutMs: number },
  ): Promise<AsOfRows[]> {
    const calls = typeof sql === 'string' ? asOfCallsIn(sql, params) : [];
    if (calls.length === 0) return [];
    if (calls.length > MAX_AS_OF_CALLS) {
      throw new QueryFailedError(
        `a query may call ${AS_OF_TABLE}() at most ${MAX_AS_OF_CALLS} times`,
      );
    }
    const strategy = this.context.strategy();
    if (strategy === undefined) {
      throw new QueryFailedError(`${AS_OF_TABLE}() needs the store's strategy option`);
    }
    const folded = new Map<string, AsOfRows>();
    for (const call of calls) {
      const resource = String(call.resource);
      const asOf = normalizeAsOfTime(call.asOf);
      const key = asOfKey(resource, asOf);
      if (folded.has(key)) continue;
      const rows = await liveRowsAsOf(this.context.events, strategy, resource, asOf, deadline);
      folded.set(key, { key, rows });
    }
    return [...folded.values()];
  }
}
