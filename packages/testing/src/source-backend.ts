import type { JsonObject, SyncSource } from '@oxide-mirror/core';
import { timeAt } from './test-time';

/**
 * A record of the fictional upstream the source contract drives. The adapter stores it in the
 * backend's own shape (a row of a fake API, a page of a static source, …).
 */
export interface UpstreamRecord {
  /** Unique, sortable id: `rec-001`, `rec-002`, … */
  readonly id: string;
  /** When the record last changed upstream, ISO-8601 UTC with milliseconds. */
  readonly updatedAt: string;
  /** A short text; scenarios put quotes, newlines and non-ASCII text in it. */
  readonly name: string;
  /** A number; scenarios use zero, negatives and fractions. */
  readonly value: number;
}

/** Where a mirrored upstream record must end up, and with what payload. */
export interface ExpectedRecord {
  resource: string;
  recordId: string;
  payload: JsonObject;
}

/**
 * The adapter a source author writes so the source contract can drive any source: a fake
 * upstream the kit can fill, change and break, and a way to build the source under test on it.
 * One backend is created per scenario and closed after it.
 *
 * Times come from the records' `updatedAt`: a source that keeps a watermark from its server's
 * clock should have its fake server report the newest `updatedAt` it holds as the time.
 *
 * @example
 * const backend: SourceBackend = {
 *   pageSize: 3,
 *   createSource: () => new FakeshopSource({ id: 'fakeshop', baseUrl: api.url, pageSize: 3 }),
 *   put: (records) => api.upsert(records.map(toProduct)),
 *   remove: (id, at) => api.softDelete(id, at),
 *   failAfter: (pulls) => api.failAfter(pulls),
 *   recover: () => api.failAfter(Infinity),
 *   expectedRecord: (record) => ({
 *     resource: 'fakeshop_products',
 *     recordId: record.id,
 *     payload: { name: record.name, priceCents: record.value },
 *   }),
 *   close: () => api.close(),
 * };
 */
export interface SourceBackend {
  /**
   * How many upstream records the source puts on one page (at least 1). Scenarios seed more than
   * a page and place equal timestamps across page boundaries from it.
   */
  readonly pageSize: number;
  /**
   * A new instance of the source under test, reading this backend. Called again to simulate a
   * restart, so it must not share in-memory progress with earlier instances.
   */
  createSource(): SyncSource | Promise<SyncSource>;
  /** Creates the records upstream, or replaces those with the same id. */
  put(records: readonly UpstreamRecord[]): void | Promise<void>;
  /** Deletes a record upstream at time `at`. Optional: leave it out if the source cannot see deletes. */
  remove?(id: string, at: string): void | Promise<void>;
  /**
   * Lets the next `pulls` pulls succeed, then makes every pull fail (a server error, a dropped
   * connection) until {@link recover}. Optional, together with `recover`.
   */
  failAfter?(pulls: number): void | Promise<void>;
  /** Ends the failures {@link failAfter} started. */
  recover?(): void | Promise<void>;
  /** Where a mirrored upstream record must end up. */
  expectedRecord(record: UpstreamRecord): ExpectedRecord;
  /** Releases the backend (stops a fake server). */
  close?(): void | Promise<void>;
}

/** How the kit lays out generated records. */
export interface UpstreamRecordPlan {
  /** Number of records. */
  count: number;
  /** Index of the first record (ids and names follow it). Default 0. */
  from?: number;
  /** Minute (after the kit epoch) of the first record; each next one is a minute later. Default 1. */
  startMinute?: number;
  /** Indexes (relative, half-open `[start, end)`) that all share one timestamp. */
  sameTime?: readonly [number, number];
}

/** Generated upstream records, ids in time order. */
export function upstreamRecords(plan: UpstreamRecordPlan): UpstreamRecord[] {
  const from = plan.from ?? 0;
  const start = plan.startMinute ?? 1;
  const [tieStart, tieEnd] = plan.sameTime ?? [0, 0];
  return Array.from({ length: plan.count }, (_, i) => {
    const minute = i >= tieStart && i < tieEnd ? start + tieStart : start + i;
    return {
      id: recordIdOf(from + i),
      updatedAt: timeAt(minute),
      name: `Item ${from + i}`,
      value: (from + i) * 10,
    };
  });
}

/** The id of the `index`th generated record. */
export function recordIdOf(index: number): string {
  return `rec-${String(index).padStart(3, '0')}`;
}
