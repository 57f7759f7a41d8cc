/** A row of a read-only query: column name to value, in SELECT column order. */
export type QueryRow = Record<string, unknown>;

/** Bounds on one read-only query. */
export interface QueryLimits {
  /** Longest the query may run, in milliseconds, before it is stopped. */
  timeoutMs: number;
  /** Most rows returned; more are cut off. */
  maxRows: number;
  /** Most bytes of values returned (text, blobs; 8 per number); more are cut off. */
  maxBytes: number;
}

/** The bounds of a query when a store is given none: 10 s, 100,000 rows, 64 MiB of values. */
export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimits> = Object.freeze({
  timeoutMs: 10_000,
  maxRows: 100_000,
  maxBytes: 64 * 1024 * 1024,
});

/** Who asks a read-only query, for fair admission. */
export interface QueryOptions {
  /**
   * The caller on whose behalf the query runs (an MCP session, a user). Waiting queries are
   * started client by client in turn, so one client's runaway queries never starve another's.
   */
  client?: string;
}

/** A read-only query's result with its column order and whether it was cut off. */
export interface QueryResult {
  /** Column names in SELECT order (duplicates kept). */
  columns: string[];
  /** Rows as arrays of values, in column order. */
  rows: unknown[][];
  /** Why the result was cut short, if it was. */
  truncated?: 'rows' | 'bytes';
}

/** Parameters of a query: positional (`?`) or named (`@name`, `:name`, `$name`). */
export type QueryParams = readonly unknown[] | Readonly<Record<string, unknown>>;

/**
 * Read-only SQL in the store's own dialect, for people and agents. Reading never writes:
 * anything that could change the database is refused with `QueryNotReadOnlyError`, and every
 * query is bounded in time, rows and bytes.
 */
export interface ReadOnlySql {
  /**
   * Runs read-only SQL and returns its rows; a result beyond the store's limits is refused
   * with `QueryLimitError`.
   */
  query(sql: string, params?: QueryParams, options?: QueryOptions): Promise<QueryRow[]>;
  /** Runs read-only SQL within `limits` and returns the result, cut off where a limit is reached. */
  runQuery(
    sql: string,
    params?: QueryParams,
    limits?: Partial<QueryLimits>,
    options?: QueryOptions,
  ): Promise<QueryResult>;
}
