import type { JsonValue } from './json';

/**
 * What the mirror does with a delta it cannot take (invalid, too large, an unreadable time, a
 * number out of range): `reject` sets it aside in the store's rejects, in the same transaction
 * as the rest of its page, and the sync goes on; `fail` fails the page, as before rejects existed.
 */
export type InvalidDeltaPolicy = 'reject' | 'fail';

/** A record a source could not turn into a delta (no id, an unreadable time), with its raw JSON. */
export interface SourceReject {
  /** The resource the record belongs to. */
  resource: string;
  /** Its id, when the source could read one. */
  recordId?: string;
  /** The record as the source received it. */
  raw: JsonValue;
  /** Why it cannot be mirrored, naming the field and the problem. */
  reason: string;
}

/** One record set aside in the store's rejects, visible to users and retried on request. */
export interface RejectedRecord {
  /** Stable id of the reject within its store. */
  id: number;
  /** The source that sent it. */
  source: string;
  /** Its resource, when known. */
  resource: string | null;
  /** Its record id, when known and storable exactly. */
  recordId: string | null;
  /**
   * `delta`: the engine refused a delta, and `raw` is that delta's JSON (a retry validates it
   * again); `record`: the source could not build a delta, and `raw` is the record as received.
   */
  kind: 'delta' | 'record';
  /** The raw JSON text, exactly as received (big numbers keep their digits). */
  raw: string;
  /** Why it was refused. */
  reason: string;
  /** When it was first set aside, on the store's clock. */
  rejectedAt: string;
}

/** Which rejects {@link MirrorStore.listRejects} returns. */
export interface RejectFilter {
  source?: string;
  resource?: string;
  /** Only these ids. */
  ids?: readonly number[];
  /** At most this many, oldest first. */
  limit?: number;
}
