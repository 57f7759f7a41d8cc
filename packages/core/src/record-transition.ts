import type { Resolution } from './conflict-strategy';
import type { Delta } from './delta';
import type { MirroredRecord } from './mirrored-record';

/**
 * The record after `resolution` of `incoming` lands on `existing`, or `existing` itself when it
 * was skipped. Every stored time comes from the event (`occurredAt`, `recordedAt`), never from
 * the clock, so replaying the log always gives the same records.
 */
export function nextRecordState(
  existing: MirroredRecord | undefined,
  incoming: Delta,
  resolution: Resolution,
  recordedAt: string,
): MirroredRecord | undefined {
  if (resolution.kind === 'skip') return existing;
  const deleted = incoming.op === 'delete';
  return {
    resource: incoming.resource,
    recordId: incoming.recordId,
    payload: deleted ? null : resolution.kind === 'merge' ? resolution.payload : incoming.payload,
    source: incoming.provenance.source,
    confidence: incoming.provenance.confidence,
    version: (existing?.version ?? 0) + 1,
    occurredAt: incoming.occurredAt,
    lastSyncedAt: recordedAt,
    deleted,
  };
}
