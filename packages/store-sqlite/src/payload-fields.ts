import type { Delta } from '@oxide-mirror/core';

/**
 * The key under which a delta whose payload is parsed only on demand (the writer thread's)
 * carries the payload's top-level fields, so reading them does not parse it.
 */
export const PAYLOAD_FIELDS = Symbol('payload fields');

/** A delta that may carry its payload's top-level fields. */
export interface DeltaWithFields extends Delta {
  readonly [PAYLOAD_FIELDS]?: readonly string[];
}

/** The top-level fields of `delta`'s payload, in their order; none for a delete. */
export function payloadFieldsOf(delta: DeltaWithFields): Iterable<string> {
  const known = delta[PAYLOAD_FIELDS];
  if (known !== undefined) return known;
  return delta.payload === null ? [] : Object.keys(delta.payload);
}
