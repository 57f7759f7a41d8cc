import Database, { type Statement } from 'better-sqlite3';
import { QueryFailedError, QueryNotReadOnlyError } from '@oxide-mirror/core';
import { registerAsOfTable } from '../as-of-table';
import type { AsOfRows, ChildAnswer, ChildFailure, ChildQuery } from './child-protocol';
import { collectRows } from './row-collector';
import { forbidFunctions, messageOf, prepareReadOnly } from './statement-guard';

/** Prepared statements kept for repeated queries (agents ask the same shapes again and again). */
const CACHE_SIZE = 256;

/**
 * The query process: the only place where SQL from outside the store is compiled and run. It
 * holds one read-only connection and answers one query at a time; the store kills it when a
 * query outlives its time limit and started it under an operating-system memory limit.
 * Temporary b-trees and sorts are kept in memory (`temp_store = MEMORY`), so they count against
 * that limit and no query writes temporary files.
 */
class QueryChild {
  private readonly db: Database.Database;
  private readonly cache = new Map<string, { statement: Statement; columns: string[] }>();
  private asOf = new Map<string, unknown[][]>();

  constructor(databasePath: string) {
    this.db = new Database(databasePath, { readonly: true, fileMustExist: true });
    this.db.pragma('query_only = ON');
    this.db.pragma('temp_store = MEMORY');
    forbidFunctions(this.db);
    registerAsOfTable(this.db, (key) => this.asOf.get(key));
  }

  answer(query: ChildQuery): ChildAnswer {
    try {
      this.asOf = new Map(query.asOf.map(({ key, rows }: AsOfRows) => [key, rows]));
      const { statement, columns } = this.prepare(query.sql);
      // safeIntegers: SQLite's 64-bit integers arrive whole; exactIntegers keeps them numbers
      // where a double holds them and bigint beyond (`9007199254740993` must not read `…992`).
      const raw = statement.raw(true).safeIntegers(true);
      const rows = (
        query.params === undefined ? raw.iterate() : raw.iterate(query.params as never)
      ) as IterableIterator<unknown[]>;
      return { id: query.id, ...collectRows(columns, exactIntegers(rows), query) };
    } catch (error) {
      return { id: query.id, failure: failureOf(error) };
    } finally {
      this.asOf = new Map();
    }
  }

  private prepare(sql: string): { statement: Statement; columns: string[] } {
    const cached = this.cache.get(sql);
    if (cached !== undefined) {
      // Re-insert so that the map's order is least recently used first.
      this.cache.delete(sql);
      this.cache.set(sql, cached);
      return cached;
    }
    const statement = prepareReadOnly(this.db, sql);
    const entry = { statement, columns: statement.columns().map((column) => column.name) };
    this.cache.set(sql, entry);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return entry;
  }
}

/** Rows with every integer a `number` when it is a safe integer, and a `bigint` otherwise. */
function* exactIntegers(rows: Iterable<unknown[]>): Generator<unknown[]> {
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      if (typeof value === 'bigint' && value >= MIN_SAFE && value <= MAX_SAFE)
        row[i] = Number(value);
    }
    yield row;
  }
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function failureOf(error: unknown): ChildFailure {
  if (error instanceof QueryNotReadOnlyError) return { kind: 'refused', reason: error.reason };
  // SQLite's "out of memory" may come while compiling (wrapped by the guard) or while running.
  const cause = error instanceof QueryFailedError ? error.cause : error;
  if ((cause as { code?: unknown })?.code === 'SQLITE_NOMEM' || cause instanceof RangeError) {
    return { kind: 'memory', reason: messageOf(cause) };
  }
  if (error instanceof QueryFailedError) return { kind: 'failed', reason: error.reason };
  return { kind: 'failed', reason: messageOf(error) };
}

/** Starts answering the parent's queries; argv holds the database path. */
function main(): void {
  const child = new QueryChild(process.argv[2] as string);
  process.on('message', (query: ChildQuery) => process.send?.(child.answer(query)));
  // The parent is gone: nobody will read an answer, so stop.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ id: 0, columns: [], rows: [] } satisfies ChildAnswer);
}

if (require.main === module) main();
