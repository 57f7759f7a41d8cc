import type { Database, Statement } from 'better-sqlite3';
import { sql, type Compilable, type RawBuilder } from 'kysely';

/**
 * A named parameter for a query built with Kysely and run as a reused prepared statement.
 * Kysely would inline values as positional parameters of one execution; a named marker
 * keeps the compiled SQL reusable for every row.
 */
export function param<T>(name: string): RawBuilder<T> {
  return sql.raw<T>(`@${name}`);
}

/**
 * A positional parameter (`?`) for the hottest statements: binding by position skips a name
 * lookup per value. Values bind in the order the markers appear in the compiled SQL.
 */
export function slot<T>(): RawBuilder<T> {
  return sql.raw<T>('?');
}

/**
 * Compiles a Kysely query once and prepares it on `db`, so the hot path pays neither query
 * building nor statement preparation per row. Values must be {@link param} markers or
 * `sql.lit` constants: a bound value would be frozen into the statement.
 */
export function prepareCompiled(db: Database, query: Compilable, slots = 0): Statement {
  const compiled = query.compile();
  const found = compiled.sql.split('?').length - 1;
  if (found !== slots) {
    throw new Error(
      `compiled statement has ${found} positional slots, expected ${slots}: ${compiled.sql}`,
    );
  }
  if (compiled.parameters.length > 0) {
    throw new Error(`compiled statement has bound values; use param() markers: ${compiled.sql}`);
  }
  return db.prepare(compiled.sql);
}
