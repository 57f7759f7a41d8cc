import type { JsonObject, MirroredRecord } from '@oxide-mirror/core';
import {
  DEFAULT_TEST_RESOURCE,
  DEFAULT_TEST_SOURCE,
  type DeltaBuildOptions,
} from './delta-builders';
import { timeAt, type TimeLike } from './test-time';

/** What the record builders let a test choose; everything has a default. */
export interface RecordBuildOptions extends DeltaBuildOptions {
  /** Defaults to `'1'`. */
  recordId?: string;
  /** Defaults to `{ name: 'record 1' }` (named after the record id); ignored for tombstones. */
  payload?: JsonObject;
  /** Defaults to 1 for a live record and 2 for a tombstone (created, then deleted). */
  version?: number;
  /** When the store logged the change; defaults to the change's own time. */
  lastSyncedAt?: TimeLike;
}

/**
 * A live record as a store hands it to a strategy, produced by a change at `at`.
 *
 * @example
 * recordAt(3, { recordId: 'a', source: 'billing', payload: { total: 10 } });
 */
export function recordAt(at: TimeLike, options: RecordBuildOptions = {}): MirroredRecord {
  const recordId = options.recordId ?? '1';
  return {
    resource: options.resource ?? DEFAULT_TEST_RESOURCE,
    recordId,
    payload: options.payload ?? { name: `record ${recordId}` },
    source: options.source ?? DEFAULT_TEST_SOURCE,
    confidence: options.confidence ?? 1,
    version: options.version ?? 1,
    occurredAt: timeAt(at),
    lastSyncedAt: timeAt(options.lastSyncedAt ?? at),
    deleted: false,
  };
}

/**
 * A tombstone: the state a store keeps after a delete at `at`, which strategies still see.
 * `source` and `confidence` are those of the delete.
 *
 * @example
 * tombstoneAt(5, { recordId: 'a', source: 'crm' });
 */
export function tombstoneAt(at: TimeLike, options: RecordBuildOptions = {}): MirroredRecord {
  return { ...recordAt(at, { version: 2, ...options }), payload: null, deleted: true };
}
