import { isDeepStrictEqual } from 'node:util';
import {
  compareInstants,
  Delta,
  InvalidDeltaError,
  isJsonObject,
  recordIdFrom,
  type Clock,
  type JsonObject,
  type JsonValue,
  type SourceReject,
} from '@oxide-mirror/core';
import { HttpSourceError } from './errors';
import type { HttpJsonResponse } from './http-client';
import { readPath } from './json-path';
import { parseTime } from './time-format';
import type { WalkPlan } from './walk-plan';

/** A record whose id and time are read, not yet a delta. */
interface ScannedRecord {
  item: unknown;
  id: string;
  at: string | undefined;
  index: number;
}

/** The deltas of a page, and the records that could not become deltas. */
export interface PageContent {
  deltas: Delta[];
  /** Set aside by the engine in the store's rejects, with the page. */
  rejects: SourceReject[];
}

/**
 * One page as far as the pass needs it (ids, newest time, records), with its deltas built on
 * demand: the next request can leave before the page's deltas are made.
 */
export interface ReadPage {
  /** The page's deltas and rejects; built on the first call. */
  content(): PageContent;
  /** Ids of every record on the page, deleted and rejected ones included. */
  ids: string[];
  /** Newest dated record on the page (a canonical instant). */
  max?: string;
  /** Records (or ids) on the page. */
  recordCount: number;
  /** The records as the API sent them, for paginators that page on them. */
  records: readonly unknown[];
}

/** A record that cannot be mirrored, and why. */
class RecordProblem extends Error {
  constructor(
    readonly reason: string,
    readonly recordId?: string,
  ) {
    super(reason);
  }
}

/**
 * Turns a page of API records into deltas: finds the records in the body, reads each one's id
 * (exact digits: bodies are parsed losslessly) and time, applies the flag and the transform. A
 * record it cannot read goes to the page's rejects, naming the field, so one bad record never
 * fails its page; a body without a records array fails it with an {@link HttpSourceError}.
 */
export class PageReader {
  constructor(
    private readonly sourceId: string,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  /** The page of `response` as deltas of `walk`'s resource. */
  read(walk: WalkPlan, response: HttpJsonResponse): ReadPage {
    const items = readPath(response.body, walk.recordsAt);
    if (!Array.isArray(items)) {
      const where = walk.recordsAt === undefined ? 'the top level' : `'${walk.recordsAt}'`;
      throw malformed(response, `expected an array of records at ${where}, got ${kindOf(items)}`);
    }
    const rejects: SourceReject[] = [];
    const scanned: ScannedRecord[] = [];
    const reject = (item: unknown, error: unknown): void => {
      if (!(error instanceof RecordProblem)) throw error;
      rejects.push({
        resource: walk.resource,
        ...(error.recordId === undefined ? {} : { recordId: error.recordId }),
        raw: item as JsonValue,
        reason: `${response.url}: ${error.reason}`,
      });
    };
    const ids: string[] = [];
    let max: string | undefined;
    items.forEach((item: unknown, index) => {
      try {
        const id = idOf(walk, item, index);
        ids.push(id);
        const at = this.timeOf(walk, item, `record #${index} (id ${id})`, id);
        if (at !== undefined && (max === undefined || compareInstants(at, max) > 0)) max = at;
        scanned.push({ item, id, at, index });
      } catch (error) {
        reject(item, error);
      }
    });
    let content: PageContent | undefined;
    const build = (): PageContent => {
      if (content !== undefined) return content;
      const now = this.clock.now();
      const deltas: Delta[] = [];
      for (const { item, id, at, index } of scanned) {
        try {
          deltas.push(this.deltaOf(walk, item, id, at ?? now, `record #${index} (id ${id})`));
        } catch (error) {
          reject(item, error);
        }
      }
      content = { deltas, rejects };
      return content;
    };
    const page: ReadPage = { content: build, ids, recordCount: items.length, records: items };
    if (max !== undefined) page.max = max;
    return page;
  }

  private timeOf(walk: WalkPlan, item: unknown, label: string, id: string): string | undefined {
    if (walk.timeField === undefined || !isJsonObject(item)) return undefined;
    const time = parseTime(readPath(item, walk.timeField), walk.timeFormat, this.timeZone);
    if (time === undefined) return undefined;
    if ('problem' in time)
      throw new RecordProblem(`${label}: ${walk.timeField} ${time.problem}`, id);
    return time.instant;
  }

  private deltaOf(
    walk: WalkPlan,
    item: unknown,
    id: string,
    occurredAt: string | Date,
    label: string,
  ): Delta {
    const options = { occurredAt, confidence: walk.confidence };
    try {
      if (walk.kind === 'deleted' || isFlagged(walk, item)) {
        return Delta.delete(walk.resource, id, this.sourceId, options);
      }
      const payload = walk.transform
        ? transformed(walk, item as JsonObject, label, id)
        : (item as JsonObject);
      return Delta.upsert(walk.resource, id, payload, this.sourceId, options);
    } catch (error) {
      if (error instanceof InvalidDeltaError)
        throw new RecordProblem(`${label}: ${error.message}`, id);
      throw error;
    }
  }
}

function idOf(walk: WalkPlan, item: unknown, index: number): string {
  const bare =
    walk.kind === 'deleted' &&
    (typeof item === 'string' || typeof item === 'number' || typeof item === 'bigint');
  if (!bare && !isJsonObject(item)) {
    throw new RecordProblem(`record #${index} is ${kindOf(item)}, not an object`);
  }
  const value = bare ? item : readPath(item, walk.idField);
  if (value === '' || value === undefined || value === null) {
    throw new RecordProblem(
      `record #${index} has no id at '${walk.idField}' (got ${kindOf(value)})`,
    );
  }
  try {
    return recordIdFrom(value, walk.idField);
  } catch (error) {
    if (error instanceof InvalidDeltaError) {
      throw new RecordProblem(`record #${index}: ${error.field} ${error.problem}`);
    }
    throw error;
  }
}

function isFlagged(walk: WalkPlan, item: unknown): boolean {
  const flag = walk.flag;
  if (flag === undefined) return false;
  const value = readPath(item, flag.field);
  if (flag.match === 'present') return value !== undefined && value !== null;
  if (flag.match === 'truthy')
    return Boolean(value) && !(Array.isArray(value) && value.length === 0);
  return isDeepStrictEqual(value, flag.value);
}

function transformed(walk: WalkPlan, record: JsonObject, label: string, id: string): JsonObject {
  try {
    return (walk.transform as (record: JsonObject) => JsonObject)(record);
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    throw new RecordProblem(`transform failed on ${label}: ${problem}`, id);
  }
}

function malformed(response: HttpJsonResponse, problem: string): HttpSourceError {
  return new HttpSourceError(response.url, problem, {
    reason: 'malformed',
    status: response.status,
    attempts: response.attempts,
  });
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? 'a long string' : JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}`;
  return typeof value === 'object'
    ? 'an object'
    : typeof value === 'undefined'
      ? 'nothing'
      : String(value);
}
