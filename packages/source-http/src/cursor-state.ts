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

/** Where one resource's walks stand within a sync: the walk in progress and its pass. */
export interface LanePosition {
  /** Key of the walk in progress. */
  walk: string;
  /** The pass of that walk. */
  pass: PassState;
}

/**
 * Everything an HTTP source needs to resume: each resource's committed position within the
 * sync in progress, plus what lasts between syncs (watermarks and ETags). It travels as the
 * source's cursor, so it commits with the page it follows and survives restarts. Resources sync
 * side by side, so a cursor holds one position per resource: `null` once its walks are done.
 */
export interface CursorState {
  v: 2;
  /** Position per resource during a sync; absent between syncs. */
  lanes?: Record<string, LanePosition | null>;
  /** Newest committed update time per walk key (ISO-8601): the next sync's lower bounds. */
  marks: Record<string, string>;
  /** ETag of each walk's first page. */
  etags: Record<string, EtagEntry>;
}

/** The state of a source that never synced. */
export function initialState(): CursorState {
  return { v: 2, marks: {}, etags: {} };
}

/** The state as a cursor string. */
export function encodeCursor(state: CursorState): string {
  return JSON.stringify(state);
}

/**
 * The state a cursor holds; undefined gives the initial state. A version 1 cursor (one walk at a
 * time) resumes its walk's resource where it stood. Throws `SourceProtocolError` for a cursor
 * this source did not write, rather than silently starting over and re-reading everything.
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
  if (!isRecord(value) || (value.v !== 1 && value.v !== 2))
    return fail('it is not a version 1 or 2 HTTP source cursor');
  if (!isStringMap(value.marks) || !isRecord(value.etags))
    return fail('marks or etags are malformed');
  const state: CursorState = {
    v: 2,
    marks: value.marks as Record<string, string>,
    etags: value.etags as Record<string, EtagEntry>,
  };
  if (value.v === 1) {
    if (value.walk === undefined) return state;
    if (typeof value.walk !== 'string' || !isPass(value.pass))
      return fail('the walk in progress is malformed');
    return {
      ...state,
      lanes: { [value.walk.split('#')[0] as string]: { walk: value.walk, pass: value.pass } },
    };
  }
  if (value.lanes === undefined) return state;
  if (!isRecord(value.lanes) || !Object.values(value.lanes).every(isLane))
    return fail('the positions in progress are malformed');
  return { ...state, lanes: value.lanes as Record<string, LanePosition | null> };
}

function isLane(value: unknown): boolean {
  return (
    value === null || (isRecord(value) && typeof value.walk === 'string' && isPass(value.pass))
  );
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
