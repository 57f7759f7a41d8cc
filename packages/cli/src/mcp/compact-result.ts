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
 * Cuts `result` to `caps`, nested JSON as JSON. `result` should hold up to `caps.rows + 1`
 * rows: one row beyond the cap is how the caller learns that more rows exist.
 */
export function compactResult(result: QueryResult, caps: ResultCaps): CompactResult {
  const rows: unknown[][] = [];
  // "[" and "]" around the rows, and a comma between each two.
  let bytes = 2;
  let truncated: Truncation = result.truncated ?? false;
  for (const row of result.rows) {
    if (rows.length === caps.rows) {
      truncated = 'rows';
      break;
    }
    const cells = row.map(agentCell);
    const size = Buffer.byteLength(stringifyJson(cells)) + (rows.length > 0 ? 1 : 0);
    if (bytes + size > caps.bytes) {
      truncated = 'bytes';
      break;
    }
    rows.push(cells);
    bytes += size;
  }
  return {
    columns: result.columns,
    rows,
    rowCount: rows.length,
    truncated,
    moreRows: truncated !== false,
  };
}

/** A cell as agents read it: nested JSON as JSON (see `jsonCell`); blobs, which JSON cannot carry, as base64 text. */
function agentCell(value: unknown): unknown {
  return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : jsonCell(value);
}
