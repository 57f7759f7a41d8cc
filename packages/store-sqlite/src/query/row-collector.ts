import type { QueryLimits, QueryResult } from '@oxide-mirror/core';

/** What a value weighs against the byte limit: its length for text and blobs, 8 otherwise. */
export function weightOf(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (value instanceof Uint8Array) return value.byteLength;
  return 8;
}

/**
 * Collects raw rows from `rows` until they run out or a limit is reached, then stops iterating
 * (which resets the statement), so a huge result is never materialized.
 */
export function collectRows(
  columns: string[],
  rows: Iterable<unknown[]>,
  limits: Pick<QueryLimits, 'maxRows' | 'maxBytes'>,
): QueryResult {
  const result: QueryResult = { columns, rows: [] };
  let bytes = 0;
  for (const row of rows) {
    if (result.rows.length >= limits.maxRows) {
      result.truncated = 'rows';
      break;
    }
    for (const value of row) bytes += weightOf(value);
    if (bytes > limits.maxBytes) {
      result.truncated = 'bytes';
      break;
    }
    result.rows.push(row);
  }
  return result;
}
