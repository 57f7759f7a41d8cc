import {
  Delta,
  InvalidDeltaError,
  isJsonObject,
  type Clock,
  type JsonObject,
} from '@oxide-mirror/core';
import { isDeepStrictEqual } from 'node:util';
import { HttpSourceError } from './errors';
import type { HttpJsonResponse } from './http-client';
import { readPath } from './json-path';
import { parseTime } from './time-format';
import type { WalkPlan } from './walk-plan';

/** The deltas of one page, and what the pass needs to know about it. */
export interface ReadPage {
  deltas: Delta[];
  /** Ids of every record on the page, deleted ones included. */
  ids: string[];
  /** Newest dated record on the page (ISO-8601). */
  max?: string;
  /** Records (or ids) on the page. */
  recordCount: number;
  /** The records as the API sent them, for paginators that page on them. */
  records: readonly unknown[];
}

/**
 * Turns a page of API records into deltas: finds the records in the body, reads each one's id
 * and time, applies the flag and the transform. Any record it cannot read fails the page with an
 * {@link HttpSourceError} naming the URL, the record and the field.
 */
export class PageReader {
  constructor(
    private readonly sourceId: string,
    private readonly clock: Clock,
  ) {}

  /** The page of `response` as deltas of `walk`'s resource. */
  read(walk: WalkPlan, response: HttpJsonResponse): ReadPage {
    const items = readPath(response.body, walk.recordsAt);
    if (!Array.isArray(items)) {
      const where = walk.recordsAt === undefined ? 'the top level' : `'${walk.recordsAt}'`;
      throw malformed(response, `expected an array of records at ${where}, got ${kindOf(items)}`);
    }
    const page: ReadPage = { deltas: [], ids: [], recordCount: items.length, records: items };
    const now = this.clock.now();
    items.forEach((item: unknown, index) => {
      const id = idOf(walk, item, index, response);
      const at = timeOf(walk, item, `record #${index} (id ${id})`, response);
      if (at !== undefined && (page.max === undefined || at > page.max)) page.max = at;
      page.ids.push(id);
      page.deltas.push(
        this.deltaOf(walk, item, id, at ?? now, `record #${index} (id ${id})`, response),
      );
    });
    return page;
  }

  private deltaOf(
    walk: WalkPlan,
    item: unknown,
    id: string,
    occurredAt: string | Date,
    label: string,
    response: HttpJsonResponse,
  ): Delta {
    const options = { occurredAt, confidence: walk.confidence };
    try {
      if (walk.kind === 'deleted' || isFlagged(walk, item)) {
        return Delta.delete(walk.resource, id, this.sourceId, options);
      }
      const payload = walk.transform
        ? transformed(walk, item as JsonObject, label, response)
        : (item as JsonObject);
      return Delta.upsert(walk.resource, id, payload, this.sourceId, options);
    } catch (error) {
      if (error instanceof InvalidDeltaError)
        throw malformed(response, `${label}: ${error.message}`);
      throw error;
    }
  }
}

function idOf(walk: WalkPlan, item: unknown, index: number, response: HttpJsonResponse): string {
  const bareId = walk.kind === 'deleted' && (typeof item === 'string' || typeof item === 'number');
  if (!bareId && !isJsonObject(item))
    throw malformed(response, `record #${index} is ${kindOf(item)}, not an object`);
  const value = bareId ? item : readPath(item, walk.idField);
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw malformed(
    response,
    `record #${index} has no usable id at '${walk.idField}' (got ${kindOf(value)})`,
  );
}

function timeOf(
  walk: WalkPlan,
  item: unknown,
  label: string,
  response: HttpJsonResponse,
): string | undefined {
  if (walk.timeField === undefined || !isJsonObject(item)) return undefined;
  const time = parseTime(readPath(item, walk.timeField), walk.timeFormat);
  if (typeof time === 'string') throw malformed(response, `${label}: ${walk.timeField} ${time}`);
  return time === undefined ? undefined : new Date(time).toISOString();
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

function transformed(
  walk: WalkPlan,
  record: JsonObject,
  label: string,
  response: HttpJsonResponse,
): JsonObject {
  try {
    return (walk.transform as (record: JsonObject) => JsonObject)(record);
  } catch (error) {
    throw malformed(
      response,
      `transform failed on ${label}: ${error instanceof Error ? error.message : String(error)}`,
    );
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
  return typeof value === 'object'
    ? 'an object'
    : typeof value === 'undefined'
      ? 'nothing'
      : String(value);
}
