import { stringifyJson, type QueryResult } from '@oxide-mirror/core';
import { jsonCell } from '../output/json-cell';

/** How much of a result one call returns. */
export interface ResultCaps {
  /** Most rows. */
  rows: number;
  /** Most bytes of the rows as compact JSON text (UTF-8). */
  bytes: number;
}

/** Why a result was cut short: it had more rows, or the next row would not fit in the bytes. */
export type Truncation = false | 'rows' | 'bytes';

/** A query result as the `query` tool returns it. */
export interface CompactResult {
  columns: string[];
  rows: unknown[][];
  rowCount: number;
  truncated: Truncation;
  /** True when the query has rows beyond those returned (page with LIMIT/OFFSET or a filter). */
  moreRows: boolean;
}

/**
 * The first of `items` that fit `caps`: at most `caps.rows` of them, and at most `caps.bytes`
 * bytes as a compact JSON array. `truncated` says which cap stopped them, false when all fit.
 */
export function takeWithinCaps<T>(
  items: Iterable<T>,
  caps: ResultCaps,
): { taken: T[]; truncated: Truncation } {
  const taken: T[] = [];
  // "[" and "]" around the items, and a comma between each two.
  let bytes = 2;
  for (const item of items) {
    if (taken.length === caps.rows) return { taken, truncated: 'rows' };
    const size = Buffer.byteLength(stringifyJson(item)) + (taken.length > 0 ? 1 : 0);
    if (bytes + size > caps.bytes) return { taken, truncated: 'bytes' };
    taken.push(item);
    bytes += size;
  }
  return { taken, truncated: false };
}

/**
 * Cuts `result` to `caps`, nested JSON as JSON. `result` should hold up to `caps.rows + 1`
 * rows: one row beyond the cap is how the caller learns that more rows exist.
 */
export function compactResult(result: QueryResult, caps: ResultCaps): CompactResult {
  const { taken: rows, truncated: cut } = takeWithinCaps(agentRows(result.rows), caps);
  const truncated = cut === false ? (result.truncated ?? false) : cut;
  return {
    columns: result.columns,
    rows,
    rowCount: rows.length,
    truncated,
    moreRows: truncated !== false,
  };
}

/** The rows as agents read them, made one at a time as the caps take them. */
function* agentRows(rows: readonly unknown[][]): Iterable<unknown[]> {
  for (const row of rows) yield row.map(agentCell);
}

/** A cell as agents read it: nested JSON as JSON (see `jsonCell`); blobs, which JSON cannot carry, as base64 text. */
function agentCell(value: unknown): unknown {
  return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : jsonCell(value);
}
