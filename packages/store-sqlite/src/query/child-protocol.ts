import type { QueryParams } from '@oxide-mirror/core';

/** The live rows of one `mirror_records_as_of(resource, as_of)` call, computed by the store. */
export interface AsOfRows {
  /** `resource` and the normalized `as_of`, as {@link asOfKey} builds them. */
  key: string;
  rows: unknown[][];
}

/** What the parent asks a query process to run. */
export interface ChildQuery {
  id: number;
  sql: string;
  params: QueryParams | undefined;
  maxRows: number;
  maxBytes: number;
  /** Rows for the `mirror_records_as_of` calls the SQL makes. */
  asOf: AsOfRows[];
}

/** Why a query process could not answer: refused, failed in SQLite, or out of memory. */
export type ChildFailure = { kind: 'refused' | 'failed' | 'memory'; reason: string };

/** What a query process answers; id 0 says it is ready. */
export type ChildAnswer =
  | {
      id: number;
      columns: string[];
      rows: unknown[][];
      truncated?: 'rows' | 'bytes';
      /** Set when the statement is a bounded program (see `isBoundedProgram`). */
      bounded?: true;
    }
  | { id: number; failure: ChildFailure };

/** The key of one `mirror_records_as_of` call. */
export function asOfKey(resource: string, asOf: string): string {
  return `${resource}\u0000${asOf}`;
}
