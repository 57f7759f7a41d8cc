import Database, { type Statement } from 'better-sqlite3';
import { QueryFailedError, QueryNotReadOnlyError, type QueryParams } from '@oxide-mirror/core';
import { registerAsOfTable } from '../as-of-table';
import type { AsOfRows, ChildAnswer, ChildFailure, ChildQuery } from './child-protocol';
import { isBoundedProgram, programOf } from './bounded-program';
import { exactIntegers } from './exact-integers';
import { SchemaVersion } from './schema-version';
import { collectRows } from './row-collector';
import { forbidFunctions, messageOf, prepareReadOnly } from './statement-guard';

/** Prepared statements kept for repeated queries (agents ask the same shapes again and again). */
const CACHE_SIZE = 256;

/**
 * A statement is reported bounded only when it also compiles quickly, so that compiling it again
 * in the store's process costs next to nothing.
 */
const BOUNDED_COMPILE_MS = 2;

interface CachedStatement {
  statement: Statement;
  columns: string[];
  bounded: boolean;
  /** The schema version it was compiled for: a view re-created since changes its columns. */
  schemaVersion: number;
}

/**
 * The query process: the only place where SQL from outside the store is compiled and run. It
 * holds one read-only connection and answers one query at a time; the store kills it when a
 * query outlives its time limit and started it under an operating-system memory limit.
 * Temporary b-trees and sorts are kept in memory (`temp_store = MEMORY`), so they count against
 * that limit and no query writes temporary files.
 */
class QueryChild {
  private readonly db: Database.Database;
  private readonly cache = new Map<string, CachedStatement>();
  private asOf = new Map<string, unknown[][]>();
  private readonly schema: SchemaVersion;
  /** Runs a query in one read transaction, so the schema checked is the schema it runs on. */
  private readonly read: (query: ChildQuery) => ChildAnswer;

  constructor(databasePath: string) {
    this.db = new Database(databasePath, { readonly: true, fileMustExist: true });
    this.db.pragma('query_only = ON');
    this.db.pragma('temp_store = MEMORY');
    forbidFunctions(this.db);
    registerAsOfTable(this.db, (key) => this.asOf.get(key));
    this.schema = new SchemaVersion(this.db);
    this.read = this.db.transaction((query: ChildQuery) => this.run(query));
  }

  answer(query: ChildQuery): ChildAnswer {
    try {
      this.asOf = new Map(query.asOf.map(({ key, rows }: AsOfRows) => [key, rows]));
      return this.read(query);
    } catch (error) {
      return { id: query.id, failure: failureOf(error) };
    } finally {
      this.asOf = new Map();
    }
  }

  private run(query: ChildQuery): ChildAnswer {
    const { statement, columns, bounded } = this.prepare(query.sql, query.params);
    // safeIntegers: SQLite's 64-bit integers arrive whole; exactIntegers keeps them numbers
    // where a double holds them and bigint beyond (`9007199254740993` must not read `…992`).
    const raw = statement.raw(true).safeIntegers(true);
    const rows = (
      query.params === undefined ? raw.iterate() : raw.iterate(query.params as never)
    ) as IterableIterator<unknown[]>;
    const result = collectRows(columns, exactIntegers(rows), query);
    return bounded ? { id: query.id, ...result, bounded } : { id: query.id, ...result };
  }

  private prepare(sql: string, params: QueryParams | undefined): CachedStatement {
    const cached = this.cache.get(sql);
    if (cached !== undefined && cached.schemaVersion !== this.schema.read()) this.cache.delete(sql);
    else if (cached !== undefined) {
      // Re-insert so that the map's order is least recently used first.
      this.cache.delete(sql);
      this.cache.set(sql, cached);
      return cached;
    }
    const schemaVersion = this.schema.refreshed();
    const startedAt = performance.now();
    const statement = prepareReadOnly(this.db, sql);
    const quick = performance.now() - startedAt <= BOUNDED_COMPILE_MS;
    const columns = statement.columns().map((column) => column.name);
    const bounded = quick && this.isBounded(sql, params);
    const entry = { statement, columns, bounded, schemaVersion };
    this.cache.set(sql, entry);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return entry;
  }

  private isBounded(sql: string, params: QueryParams | undefined): boolean {
    try {
      return isBoundedProgram(programOf(this.db, sql, params));
    } catch {
      // `EXPLAIN` of an `EXPLAIN` and the like: not worth a fast path.
      return false;
    }
  }
}

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
