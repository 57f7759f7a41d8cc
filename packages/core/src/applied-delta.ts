/**
 * What happened to one delta: `applied` (the strategy let it land), `merged` (it landed merged
 * with the record), `skipped` (the strategy kept the record; the event is still logged),
 * `duplicate` (the same delta was already in the log; nothing was appended) or `rejected` (it is
 * invalid and was set aside in the store's rejects; nothing was appended).
 */
export type Decision = 'applied' | 'merged' | 'skipped' | 'duplicate' | 'rejected';

/** The outcome of appending and projecting one delta. */
export interface AppliedDelta {
  /** True when the record changed. */
  applied: boolean;
  /** What was decided. */
  decision: Decision;
  /** The record's version after the change, when it changed. */
  version?: number;
  /** Log position of the event; absent for a duplicate or a reject. */
  position?: number;
  /** Why a rejected delta was refused. */
  reason?: string;
}
