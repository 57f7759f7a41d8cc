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

/** The deltas of one page, and what the pass needs to know about it. */
export interface ReadPage {
  deltas: Delta[];
  /** Records that could not become deltas (no id, an unreadable time), set aside by the engine. */
  rejects: SourceReject[];
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
    const page: ReadPage = {
      deltas: [],
      rejects: [],
      ids: [],
      recordCount: items.length,
      records: items,
    };
    const now = this.clock.now();
    items.forEach((item: unknown, index) => {
      try {
        const id = idOf(walk, item, index);
        page.ids.push(id);
        const label = `record #${index} (id ${id})`;
        const at = this.timeOf(walk, item, label, id);
        if (at !== undefined && (page.max === undefined || compareInstants(at, page.max) > 0)) {
          page.max = at;
        }
        page.deltas.push(this.deltaOf(walk, item, id, at ?? now, label));
      } catch (error) {
        if (!(error instanceof RecordProblem)) throw error;
        page.rejects.push({
          resource: walk.resource,
          ...(error.recordId === undefined ? {} : { recordId: error.recordId }),
          raw: item as JsonValue,
          reason: `${response.url}: ${error.reason}`,
        });
      }
    });
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
