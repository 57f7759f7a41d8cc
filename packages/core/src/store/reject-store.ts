import type { RejectFilter, RejectedRecord } from '../rejected-record';

/**
 * The records the mirror set aside instead of mirroring them. They are written by
 * {@link RecordWriter.applyBatch} (with `onInvalid: 'reject'` or `rejects`) and leave when a
 * batch re-applies them (`resolvesRejects`).
 */
export interface RejectStore {
  /** Rejected records matching `filter`, oldest first. */
  listRejects(filter?: RejectFilter): Promise<RejectedRecord[]>;
  /** Number of rejected records per source. */
  rejectCounts(): Promise<Record<string, number>>;
}
