/* eslint-disable @typescript-eslint/no-require-imports -- this function runs alone in a child process */
import type BetterSqlite3 from 'better-sqlite3';

/** What the parent asks the query child to run. */
export interface ChildQuery {
  id: number;
  sql: string;
  params: unknown;
  maxRows: number;
  maxBytes: number;
}

/** What the query child answers. */
export type ChildAnswer =
  | { id: number; columns: string[]; rows: unknown[][]; truncated?: 'rows' | 'bytes' }
  | { id: number; error: string };

/**
 * The body of the query child process. It is sent as source text (`String(queryChildMain)`), so
 * it must be self-contained: no imports, no references outside itself. It opens the database
 * read-only and answers one query at a time; the parent kills it when a query runs too long.
 * The parent has already checked each statement, and the connection refuses writes regardless.
 */
export function queryChildMain(betterSqlite3Path: string, databasePath: string): void {
  const Database = require(betterSqlite3Path) as typeof BetterSqlite3;
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  db.pragma('query_only = ON');
  const weightOf = (value: unknown): number =>
    typeof value === 'string' ? value.length : value instanceof Uint8Array ? value.byteLength : 8;

  const run = (query: ChildQuery): ChildAnswer => {
    try {
      const statement = db.prepare(query.sql).raw(true);
      const columns = statement.columns().map((column) => column.name);
      const rows: unknown[][] = [];
      let bytes = 0;
      const iterator = (
        query.params === undefined ? statement.iterate() : statement.iterate(query.params as never)
      ) as IterableIterator<unknown[]>;
      for (const row of iterator) {
        if (rows.length >= query.maxRows) {
          iterator.return?.();
          return { id: query.id, columns, rows, truncated: 'rows' };
        }
        for (const value of row) bytes += weightOf(value);
        if (bytes > query.maxBytes) {
          iterator.return?.();
          return { id: query.id, columns, rows, truncated: 'bytes' };
        }
        rows.push(row);
      }
      return { id: query.id, columns, rows };
    } catch (error) {
      return { id: query.id, error: error instanceof Error ? error.message : String(error) };
    }
  };

  process.on('message', (query: ChildQuery) => process.send?.(run(query)));
  // The parent is gone: nobody will read an answer, so stop.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ id: 0, columns: [], rows: [] });
}
