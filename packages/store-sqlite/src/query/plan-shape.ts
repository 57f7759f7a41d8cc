import type { Database } from 'better-sqlite3';
import type { QueryParams } from '@oxide-mirror/core';
import { sqlWords } from './sql-lexer';

/** Functions whose output size is set by an argument rather than by the data. */
const AMPLIFYING_FUNCTIONS = new Set([
  'ZEROBLOB',
  'RANDOMBLOB',
  'PRINTF',
  'FORMAT',
  'REPLACE',
  'HEX',
  'CHAR',
]);

/**
 * How SQLite will run a query: `search` touches rows through indexes only (point and range
 * lookups, so its result is small); `scan` makes at most one full pass over a table; `unbounded`
 * might run for ever or build values of any size.
 */
export type PlanShape = 'search' | 'scan' | 'unbounded';

/**
 * The {@link PlanShape} of `sql`: `scan` or `search` when SQLite's own plan (with `params` bound) shows its cost is bounded by the data: at most one full
 * scan (point lookups, index searches and one pass over a table), no recursive CTE, no
 * correlated subquery, no function that builds values of a size its arguments choose. Such
 * queries run on the in-process connection at raw speed; every other query runs in a child
 * process that can be killed, because SQLite offers no way to interrupt a statement here.
 */
export function planShapeOf(db: Database, sql: string, params: QueryParams | undefined): PlanShape {
  const words = sqlWords(sql);
  if (words.some(({ word, next }) => AMPLIFYING_FUNCTIONS.has(word) && next === '('))
    return 'unbounded';
  if (words[0]?.word === 'EXPLAIN') return 'search';
  // The plan does not depend on the values, but SQLite wants every parameter bound.
  const explain = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const plan = (params === undefined ? explain.all() : explain.all(params as never)) as {
    detail: string;
  }[];
  let scans = 0;
  for (const { detail } of plan) {
    if (/RECURSIVE|CORRELATED/.test(detail)) return 'unbounded';
    if (detail.startsWith('SCAN ') && !detail.startsWith('SCAN CONSTANT ROW')) scans += 1;
  }
  return scans === 0 ? 'search' : scans === 1 ? 'scan' : 'unbounded';
}
