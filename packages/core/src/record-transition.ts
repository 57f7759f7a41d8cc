import type { ConflictStrategy, Resolution } from './conflict-strategy';
import type { Delta } from './delta';
import type { MirroredRecord } from './mirrored-record';
import { resolveConflict } from './resolve-conflict';

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

/** What folding one event into a record gives: the strategy's checked answer and the result. */
export interface FoldedEvent {
  resolution: Resolution;
  /** The record after the event; undefined while it has never existed. */
  record: MirroredRecord | undefined;
}

/**
 * Folds one event into `existing` with `strategy`, exactly as a projection does: the strategy's
 * answer is checked ({@link resolveConflict}) and applied ({@link nextRecordState}). Replaying a
 * record's events through this in log order gives the record the projection holds.
 */
export function foldEvent(
  strategy: ConflictStrategy,
  existing: MirroredRecord | undefined,
  incoming: Delta,
  recordedAt: string,
): FoldedEvent {
  const resolution = resolveConflict(strategy, existing, incoming);
  return { resolution, record: nextRecordState(existing, incoming, resolution, recordedAt) };
}
