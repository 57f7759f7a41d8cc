import type { JsonObject } from './json';

/** The current state of one record in the mirror, as the projection holds it. */
export interface MirroredRecord {
  resource: string;
  recordId: string;
  /** The record's content; `null` only for a tombstone. */
  payload: JsonObject | null;
  /** Source of the change that produced this state. */
  source: string;
  /** Confidence of the change that produced this state. */
  confidence: number;
  /** 1 for the first applied change, then one more for every applied change (deletes included). */
  version: number;
  /** `occurredAt` of the change that produced this state. */
  occurredAt: string;
  /** When the change that produced this state was recorded in the log. */
  lastSyncedAt: string;
  /**
   * True for a tombstone: the record was deleted. Reads never return tombstones; strategies see
   * them, so a late, older upsert cannot bring a deleted record back.
   */
  deleted: boolean;
}
