import type { JsonObject } from './json';
import type { Provenance } from './provenance';
import { validateDelta } from './validate-delta';

/** What a delta does to its record. */
export type DeltaOp = 'upsert' | 'delete';

/** One change to one record, as a source reports it. */
export interface Delta {
  /** Kind of record, for example `crm_contacts`. */
  resource: string;
  /** Id of the record within its resource. */
  recordId: string;
  /** Whether the record is written or removed. */
  op: DeltaOp;
  /** The record's new content for an upsert; `null` for a delete. */
  payload: JsonObject | null;
  /**
   * When the change happened on the source's clock: ISO-8601 with `Z` or an offset, normalized to
   * UTC with 3, 6 or 9 fraction digits (see `normalizeInstant`). A time without a zone is refused.
   */
  occurredAt: string;
  /** Which source reported it and how far it is trusted. */
  provenance: Provenance;
}

/** Options shared by the {@link Delta} builders. */
export interface DeltaOptions {
  /** Trust in [0, 1]; defaults to 1. */
  confidence?: number;
  /** When the change happened; defaults to now. */
  occurredAt?: Date | string;
}

function occurredAtOf(options: DeltaOptions | undefined): string {
  const at = options?.occurredAt ?? new Date();
  return typeof at === 'string' ? at : at.toISOString();
}

/**
 * Builders for valid deltas. Both validate what they build and throw
 * {@link InvalidDeltaError} naming the bad field.
 *
 * @example
 * const delta = Delta.upsert('pets', '1', { name: 'Rex' }, 'petstore', { confidence: 0.9 });
 */
export const Delta = {
  /** Builds an upsert of `payload` into `resource/recordId`. */
  upsert(
    resource: string,
    recordId: string,
    payload: JsonObject,
    source: string,
    options?: DeltaOptions,
  ): Delta {
    return validateDelta({
      resource,
      recordId,
      op: 'upsert',
      payload,
      occurredAt: occurredAtOf(options),
      provenance: { source, confidence: options?.confidence ?? 1 },
    });
  },

  /** Builds a delete of `resource/recordId`. */
  delete(resource: string, recordId: string, source: string, options?: DeltaOptions): Delta {
    return validateDelta({
      resource,
      recordId,
      op: 'delete',
      payload: null,
      occurredAt: occurredAtOf(options),
      provenance: { source, confidence: options?.confidence ?? 1 },
    });
  },
};
