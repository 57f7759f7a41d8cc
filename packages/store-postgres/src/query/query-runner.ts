import type pg from 'pg';
import Cursor from 'pg-cursor';
import {
  MirrorError,
  QueryFailedError,
  QueryLimitError,
  QueryNotReadOnlyError,
  QueryTimeoutError,
  type ConflictStrategy,
  type QueryLimits,
  type QueryParams,
  type QueryResult,
  type QueryRow,
} from '@oxide-mirror/core';
import { AS_OF_SETTING, asOfRowsFor } from './as-of-rows';
import { checkReadOnlySql } from './statement-guard';
import { positionalSql } from './query-parameters';
import { typeParsers } from '../connections';

/** Rows fetched per round trip while a result is collected. */
const FETCH_ROWS = 500;

/** What a value weighs against the byte limit: its length for text and bytes, 8 otherwise. */
function weightOf(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (value instanceof Uint8Array) return value.byteLength;
  return 8;
}

/** SQLSTATE codes of a refused write, and of a query stopped by `statement_timeout`. */
const READ_ONLY_VIOLATION = '25006';
const INSUFFICIENT_PRIVILEGE = '42501';
const QUERY_CANCELED = '57014';

/**
 * The store's read-only SQL: every query runs on the reader role's own pool — a role that may
 * only SELECT the mirror's schema, whose temp disk and memory the server bounds — in a
 * `READ ONLY` transaction with the query's `statement_timeout`, through a cursor that stops
 * fetching at the row and byte limits, so a huge result is never held in memory.
 */
export class QueryRunner {
  constructor(
    private readonly pool: pg.Pool,
    private readonly limits: QueryLimits,
    /** The log and the projection's strategy, for `mirror_records_as_of`. */
    private readonly asOf: { events: pg.Pool; strategy: () => ConflictStrategy },
  ) {}

  /** Rows as objects in SELECT column order; a result over a limit is refused. */
  async rows(sql: string, params?: QueryParams): Promise<QueryRow[]> {
    const result = await this.run(sql, params);
    if (result.truncated !== undefined) {
      const limit =
        result.truncated === 'rows'
          ? `${this.limits.maxRows} rows`
          : `${this.limits.maxBytes} bytes`;
      throw new QueryLimitError(
        `more than ${limit}; narrow it with WHERE or LIMIT, or use runQuery`,
      );
    }
    return result.rows.map((row) =>
      Object.fromEntries(result.columns.map((column, i) => [column, row[i]])),
    );
  }

  /** Runs `sql` within `limits` (the store's for the rest), cut off where a limit is reached. */
  async run(
    sql: string,
    params?: QueryParams,
    limits: Partial<QueryLimits> = {},
  ): Promise<QueryResult> {
    const bounds = { ...this.limits, ...definedOf(limits) };
    checkReadOnlySql(sql);
    const { text, values } = positionalSql(sql, params);
    const deadline = { at: Date.now() + bounds.timeoutMs, timeoutMs: bounds.timeoutMs };
    const asOfRows = await asOfRowsFor(
      this.asOf.events,
      text,
      values,
      this.asOf.strategy,
      deadline,
    );
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN READ ONLY');
      const left = Math.max(1, Math.floor(deadline.at - Date.now()));
      await client.query(`SET LOCAL statement_timeout = ${left}`);
      if (asOfRows !== undefined) {
        await client.query('SELECT set_config($1, $2, true)', [AS_OF_SETTING, asOfRows]);
      }
      return await collect(client, text, values, bounds);
    } catch (error) {
      throw mapError(error, bounds.timeoutMs);
    } finally {
      await client.query('ROLLBACK').catch((error: Error) => (broken = error));
      client.release(broken);
    }
  }
}

function definedOf(limits: Partial<QueryLimits>): Partial<QueryLimits> {
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
}

/** Fetches rows until they run out or a limit is reached. */
async function collect(
  client: pg.PoolClient,
  text: string,
  values: unknown[],
  limits: QueryLimits,
): Promise<QueryResult> {
  const cursor = client.query(new Cursor(text, values, { rowMode: 'array', types: typeParsers }));
  const result: QueryResult = { columns: [], rows: [] };
  let bytes = 0;
  try {
    for (;;) {
      const { rows, fields } = await readChunk(cursor, FETCH_ROWS);
      result.columns = fields;
      for (const row of rows) {
        if (result.rows.length >= limits.maxRows) {
          result.truncated = 'rows';
          return result;
        }
        for (const value of row) bytes += weightOf(value);
        if (bytes > limits.maxBytes) {
          result.truncated = 'bytes';
          return result;
        }
        result.rows.push(row);
      }
      if (rows.length < FETCH_ROWS) return result;
    }
  } finally {
    await cursor.close();
  }
}

function readChunk(
  cursor: Cursor,
  count: number,
): Promise<{ rows: unknown[][]; fields: string[] }> {
  return new Promise((resolve, reject) => {
    cursor.read(count, (error, rows, result) => {
      if (error) reject(error);
      else
        resolve({
          rows: rows as unknown[][],
          fields: (result?.fields ?? []).map((field) => field.name),
        });
    });
  });
}

/** The store's error for what PostgreSQL reported. */
function mapError(error: unknown, timeoutMs: number): unknown {
  if (error instanceof MirrorError) return error;
  const { code, message } = error as { code?: string; message?: string };
  if (code === READ_ONLY_VIOLATION || code === INSUFFICIENT_PRIVILEGE) {
    return new QueryNotReadOnlyError(message ?? 'the query would write');
  }
  if (code === QUERY_CANCELED) return new QueryTimeoutError(timeoutMs);
  if (/cannot insert multiple commands into a prepared statement/.test(message ?? '')) {
    return new QueryNotReadOnlyError('one statement at a time');
  }
  return new QueryFailedError(message ?? String(error), { cause: error });
}
