import type { Decision } from './applied-delta';
import type { StoredEvent } from './stored-event';

/** An event as a projection receives it: the logged delta and what the record projection decided. */
export interface ProjectedEvent extends StoredEvent {
  /** Decision of the record projection for this event. */
  decision: Decision;
}

/**
 * A read model derived from the event log. The store feeds it every appended event in log order,
 * inside the same transaction that appends them, and stores its checkpoint (the last position it
 * applied) in that transaction too: a crash can never leave a projection ahead of or behind the log.
 *
 * `TContext` is what the store gives a projection to write with (for the SQLite store, its
 * connection).
 */
export interface Projection<TContext> {
  /** Unique name; the key of the projection's checkpoint. */
  readonly name: string;
  /** Creates what the projection needs (tables, views); called once when the store opens. */
  setup(context: TContext): void;
  /** Applies events in log order. Must be deterministic: replays must give the same result. */
  apply(events: readonly ProjectedEvent[], context: TContext): void;
  /** Removes everything the projection derived, before a rebuild from position 0. */
  reset(context: TContext): void;
}

/** How far a projection has read the log. */
export interface ProjectionCheckpoint {
  /** The projection's name. */
  name: string;
  /** Last log position applied; 0 when none. */
  position: number;
}
