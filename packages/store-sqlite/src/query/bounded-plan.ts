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
 * True when SQLite's own plan for `sql` (with `params` bound) shows its cost is bounded by the data: at most one full
 * scan (point lookups, index searches and one pass over a table), no recursive CTE, no
 * correlated subquery, no function that builds values of a size its arguments choose. Such
 * queries run on the in-process connection at raw speed; every other query runs in a child
 * process that can be killed, because SQLite offers no way to interrupt a statement here.
 */
export function isBoundedPlan(db: Database, sql: string, params: QueryParams | undefined): boolean {
  const words = sqlWords(sql);
  if (words.some(({ word, next }) => AMPLIFYING_FUNCTIONS.has(word) && next === '(')) return false;
  if (words[0]?.word === 'EXPLAIN') return true;
  // The plan does not depend on the values, but SQLite wants every parameter bound.
  const explain = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const plan = (params === undefined ? explain.all() : explain.all(params as never)) as {
    detail: string;
  }[];
  let scans = 0;
  for (const { detail } of plan) {
    if (/RECURSIVE|CORRELATED/.test(detail)) return false;
    if (detail.startsWith('SCAN ') && !detail.startsWith('SCAN CONSTANT ROW')) scans += 1;
  }
  return scans <= 1;
}
