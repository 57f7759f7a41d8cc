import { Delta, type Clock, type JsonObject } from '@oxide-mirror/core';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';

/** A clock that stands still until moved, so recorded times are predictable. */
export class FixedClock implements Clock {
  constructor(private time = Date.parse('2026-01-01T00:00:00.000Z')) {}
  now(): Date {
    return new Date(this.time);
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

/** An in-memory store on a fixed clock, closed by the caller. */
export function memoryStore(): Promise<SqliteMirrorStore> {
  return SqliteMirrorStore.inMemory({ clock: new FixedClock() });
}

/** An upsert at a given minute of 2026-01-01, for readable ordering tests. */
export function upsertAt(
  minute: number,
  recordId: string,
  payload: JsonObject,
  source = 'crm',
  confidence = 1,
): Delta {
  return Delta.upsert('contacts', recordId, payload, source, {
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
    confidence,
  });
}

/** A delete at a given minute of 2026-01-01. */
export function deleteAt(minute: number, recordId: string, source = 'crm'): Delta {
  return Delta.delete('contacts', recordId, source, {
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
  });
}
