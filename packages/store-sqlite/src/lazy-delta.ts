import type { Delta, JsonObject } from '@oxide-mirror/core';

/**
 * A delta whose payload is made by `payloadOf` on first read, for payloads kept as text that
 * most readers never look at. The getter is an own enumerable property, so copies keep it.
 */
export function lazyDelta(
  fields: Omit<Delta, 'payload'>,
  payloadOf: () => JsonObject | null,
): Delta {
  let parsed: JsonObject | null | undefined;
  return {
    resource: fields.resource,
    recordId: fields.recordId,
    op: fields.op,
    get payload(): JsonObject | null {
      if (parsed === undefined) parsed = payloadOf();
      return parsed;
    },
    occurredAt: fields.occurredAt,
    provenance: fields.provenance,
  };
}
