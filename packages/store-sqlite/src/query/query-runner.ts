import type { Database, Statement } from 'better-sqlite3';
import {
  QueryFailedError,
  QueryLimitError,
  type QueryLimits,
  type QueryParams,
  type QueryResult,
  type QueryRow,
} from '@oxide-mirror/core';
import { planShapeOf, type PlanShape } from './plan-shape';
import { QueryProcess } from './query-process';
import { collectRows } from './row-collector';
import { sqlWords } from './sql-lexer';
import { messageOf, prepareReadOnly } from './statement-guard';

/** Limits used when the store is given none. */
export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimits> = Object.freeze({
  timeoutMs: 10_000,
  maxRows: 100_000,
  maxBytes: 64 * 1024 * 1024,
});

/** Prepared statements kept for repeated queries (agents ask the same shapes again and again). */
const CACHE_SIZE = 256;

interface CachedQuery {
  statement: Statement;
  columns: string[];
  shape: PlanShape;
}

/**
 * The store's read-only SQL. Every statement is checked (see `prepareReadOnly`); those whose plan
 * SQLite shows to be bounded run on the in-process read-only connection from a statement cache,
 * the rest in a {@link QueryProcess} that is killed when they outlive their time limit.
 */
export class QueryRunner {
  private readonly cache = new Map<string, CachedQuery>();
  private readonly isolated: QueryProcess;

  constructor(
    private readonly reader: Database,
    databasePath: string,
    private readonly defaults: QueryLimits,
    private readonly functionsInProcessOnly: ReadonlySet<string>,
  ) {
    this.isolated = new QueryProcess(databasePath);
  }

  /** Runs `sql` within `limits` (defaults for the rest) and returns the result, cut if needed. */
  async run(
    sql: string,
    params?: QueryParams,
    limits: Partial<QueryLimits> = {},
  ): Promise<QueryResult> {
    const bounds = { ...this.defaults, ...limits };
    const query = this.prepare(sql, params);
    if (query.shape === 'unbounded') {
      this.refuseInProcessOnly(sql);
      return this.isolated.run(sql, params, bounds);
    }
    return this.inProcess(() => {
      const statement = query.statement.raw(true);
      // A search touches few rows: fetching them at once is cheaper than iterating.
      const rows = (
        query.shape === 'search'
          ? all(statement, params)
          : params === undefined
            ? statement.iterate()
            : statement.iterate(params as never)
      ) as Iterable<unknown[]>;
      return collectRows(query.columns, rows, bounds);
    });
  }

  /** Runs `sql` and returns its rows as objects; refuses a result beyond the limits. */
  async rows(sql: string, params?: QueryParams): Promise<QueryRow[]> {
    const query = this.prepare(sql, params);
    if (query.shape === 'search') {
      // The fast path agents' point lookups take: objects straight from SQLite.
      const rows = this.inProcess(() => all(query.statement.raw(false), params) as QueryRow[]);
      if (rows.length > this.defaults.maxRows) {
        throw new QueryLimitError(`more than ${this.defaults.maxRows} rows`);
      }
      return rows;
    }
    const result = await this.run(sql, params);
    if (result.truncated === 'rows')
      throw new QueryLimitError(`more than ${this.defaults.maxRows} rows`);
    if (result.truncated === 'bytes')
      throw new QueryLimitError(`more than ${this.defaults.maxBytes} bytes`);
    const { columns } = result;
    return result.rows.map((row) => {
      const object: QueryRow = {};
      for (let i = 0; i < columns.length; i++) object[columns[i] as string] = row[i];
      return object;
    });
  }

  /** Stops the query process. */
  close(): void {
    this.isolated.close();
  }

  private prepare(sql: string, params: QueryParams | undefined): CachedQuery {
    const cached = this.cache.get(sql);
    if (cached !== undefined) {
      // Re-insert so that the map's order is least recently used first.
      this.cache.delete(sql);
      this.cache.set(sql, cached);
      return cached;
    }
    const statement = prepareReadOnly(this.reader, sql);
    let shape: PlanShape;
    try {
      shape = planShapeOf(this.reader, sql, params);
    } catch (error) {
      throw new QueryFailedError(messageOf(error), { cause: error });
    }
    const entry = { statement, columns: statement.columns().map((column) => column.name), shape };
    this.cache.set(sql, entry);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return entry;
  }

  /** Runs in-process SQL, reporting SQLite's errors as {@link QueryFailedError}. */
  private inProcess<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw error instanceof QueryFailedError
        ? error
        : new QueryFailedError(messageOf(error), { cause: error });
    }
  }

  /** Functions the child process does not have must not hide in an unbounded query. */
  private refuseInProcessOnly(sql: string): void {
    const used = sqlWords(sql).find(({ word }) => this.functionsInProcessOnly.has(word));
    if (used !== undefined) {
      throw new QueryFailedError(
        `${used.word.toLowerCase()}() cannot be combined with recursive CTEs, nested full scans or ` +
          'size-amplifying functions; query it on its own or join it to indexed lookups',
      );
    }
  }
}

function all(statement: Statement, params: QueryParams | undefined): unknown[] {
  return params === undefined ? statement.all() : statement.all(params as never);
}
