import type { Observable } from 'rxjs';
import type { Decision } from '../applied-delta';
import type { Delta } from '../delta';

/** One committed event, as {@link ChangeFeed.changes} reports it. */
export interface MirrorChange {
  /** Log position of the event. */
  position: number;
  /** The logged delta. */
  delta: Delta;
  /** What the record projection decided. */
  decision: Exclude<Decision, 'duplicate' | 'rejected'>;
  /** The record's version after the event, when it changed the record. */
  version?: number;
}

/** What was committed, announced after commit. */
export interface ChangeFeed {
  /** Every committed event, after its transaction commits. Never drops events. */
  changes(): Observable<MirrorChange>;
}
