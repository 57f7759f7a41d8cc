import { SourceProtocolError } from '@oxide-mirror/core';
import type { PageToken } from './paginators/paginator';

/** Where a walk stands within one pass over its listing. */
export interface PassState {
  /** Pass number within the walk, from 1. */
  n: number;
  /** The watermark the pass's lower bound is taken from (ISO-8601); absent: no bound. */
  from?: string;
  /** Token of the next page; absent: the first page. */
  token?: PageToken;
  /** Newest update time committed by this pass (ISO-8601). */
  max?: string;
  /** Id of the snapshot, when the walk infers deletes from it. */
  snapshot?: string;
  /** Digest of the previous page's record ids, to notice paging that repeats itself. */
  page?: string;
  /** How many pages in a row had that digest, when more than one. */
  repeats?: number;
}

/** An ETag remembered for the first page of a walk. */
export interface EtagEntry {
  url: string;
  etag: string;
}

/**
 * Everything an HTTP source needs to resume: the walk in progress and its pass, plus what lasts
 * between syncs (watermarks and ETags). It travels as the source's cursor, so it commits with
 * the page it follows and survives restarts.
 */
export interface CursorState {
  v: 1;
  /** Key of the walk in progress; absent between syncs. */
  walk?: string;
  /** The pass of that walk. */
  pass?: PassState;
  /** Newest committed update time per walk key (ISO-8601): the next sync's lower bounds. */
  marks: Record<string, string>;
  /** ETag of each walk's first page. */
  etags: Record<string, EtagEntry>;
}

/** The state of a source that never synced. */
export function initialState(): CursorState {
  return { v: 1, marks: {}, etags: {} };
}

/** The state as a cursor string. */
export function encodeCursor(state: CursorState): string {
  return JSON.stringify(state);
}

/**
 * The state a cursor holds; undefined gives the initial state. Throws `SourceProtocolError` for a
 * cursor this source did not write, rather than silently starting over and re-reading everything.
 */
export function decodeCursor(sourceId: string, cursor: string | undefined): CursorState {
  if (cursor === undefined) return initialState();
  const fail = (problem: string): never => {
    const shown = cursor.length > 80 ? `${cursor.slice(0, 80)}…` : cursor;
    throw new SourceProtocolError(
      sourceId,
      `cannot resume from cursor ${JSON.stringify(shown)}: ${problem}`,
    );
  };
  let value: unknown;
  try {
    value = JSON.parse(cursor);
  } catch {
    return fail('it is not JSON');
  }
  if (!isRecord(value) || value.v !== 1) return fail('it is not a version 1 HTTP source cursor');
  if (!isStringMap(value.marks) || !isRecord(value.etags))
    return fail('marks or etags are malformed');
  if (value.walk !== undefined && (typeof value.walk !== 'string' || !isPass(value.pass))) {
    return fail('the walk in progress is malformed');
  }
  return value as unknown as CursorState;
}

function isPass(value: unknown): value is PassState {
  if (!isRecord(value) || !Number.isInteger(value.n)) return false;
  const token = value.token;
  return (
    optionalString(value.from) &&
    optionalString(value.max) &&
    optionalString(value.snapshot) &&
    (token === undefined || typeof token === 'string' || typeof token === 'number')
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringMap(value: unknown): boolean {
  return isRecord(value) && Object.values(value).every((entry) => typeof entry === 'string');
}

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}
