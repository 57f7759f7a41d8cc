import { Delta, type JsonObject } from '@oxide-mirror/core';
import { timeAt, type TimeLike } from './test-time';

/** Resource of built deltas and records when none is given. */
export const DEFAULT_TEST_RESOURCE = 'items';

/** Source of built deltas and records when none is given. */
export const DEFAULT_TEST_SOURCE = 'test-source';

/** What the delta builders let a test choose; everything has a default. */
export interface DeltaBuildOptions {
  /** Defaults to {@link DEFAULT_TEST_RESOURCE}. */
  resource?: string;
  /** The provenance source; defaults to {@link DEFAULT_TEST_SOURCE}. */
  source?: string;
  /** Defaults to 1. */
  confidence?: number;
}

/**
 * A valid upsert that happened at `at` (minutes after the kit epoch, or a time).
 *
 * @example
 * upsertAt(5, 'a', { name: 'Ada' }, { source: 'crm', confidence: 0.9 });
 */
export function upsertAt(
  at: TimeLike,
  recordId: string,
  payload: JsonObject,
  options: DeltaBuildOptions = {},
): Delta {
  return Delta.upsert(
    options.resource ?? DEFAULT_TEST_RESOURCE,
    recordId,
    payload,
    options.source ?? DEFAULT_TEST_SOURCE,
    { occurredAt: timeAt(at), confidence: options.confidence ?? 1 },
  );
}

/**
 * A valid delete that happened at `at`.
 *
 * @example
 * deleteAt(7, 'a', { source: 'crm' });
 */
export function deleteAt(at: TimeLike, recordId: string, options: DeltaBuildOptions = {}): Delta {
  return Delta.delete(
    options.resource ?? DEFAULT_TEST_RESOURCE,
    recordId,
    options.source ?? DEFAULT_TEST_SOURCE,
    { occurredAt: timeAt(at), confidence: options.confidence ?? 1 },
  );
}
