import type { RecordHistoryEntry } from '@oxide-mirror/core';

/** One change that reached a record, as `record_history` and the history prompt show it. */
export interface RecordChange {
  position: number;
  occurredAt: string;
  recordedAt: string;
  source: string;
  confidence: number;
  op: string;
  payload: unknown;
  decision: string;
  version: number | null;
}

/** A record's history as the changes agents read: log order, decision and version after each. */
export function recordChanges(entries: readonly RecordHistoryEntry[]): RecordChange[] {
  return entries.map(({ event, decision, version }) => ({
    position: event.position,
    occurredAt: event.delta.occurredAt,
    recordedAt: event.recordedAt,
    source: event.delta.provenance.source,
    confidence: event.delta.provenance.confidence,
    op: event.delta.op,
    payload: event.delta.payload,
    decision,
    version: version ?? null,
  }));
}
