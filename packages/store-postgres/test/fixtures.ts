import { Delta, type JsonObject } from '@oxide-mirror/core';

/** An upsert of `items/<id>` from `source`, happening `minute` minutes after the epoch. */
export function upsertAt(
  minute: number,
  id: string,
  payload: JsonObject,
  source = 'crm',
  resource = 'items',
): Delta {
  return Delta.upsert(resource, id, payload, source, {
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
  });
}
