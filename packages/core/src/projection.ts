import type { StoredEvent } from './stored-event';

/**
 * A read model derived from the event log. The store feeds it every appended event in log order,
 * inside the transaction that appends them, and stores its checkpoint (the last position it
 * applied) in that transaction too: a crash can never leave a projection ahead of or behind the
 * log. A projection added to an existing log catches up when the store opens, and a rebuild
 * resets it and replays the whole log.
 *
 * `TContext` is what the store gives a projection to write with (for the SQLite store, its
 * connection).
 *
 * @example
 * const countPerSource: Projection<SqliteProjectionContext> = {
 *   name: 'events_per_source',
 *   setup: ({ db }) => db.exec('CREATE TABLE IF NOT EXISTS events_per_source (source TEXT PRIMARY KEY, n INTEGER)'),
 *   apply: (events, { db }) => { ... },
 *   reset: ({ db }) => db.exec('DELETE FROM events_per_source'),
 * };
 */
export interface Projection<TContext> {
  /** Unique name; the key of the projection's checkpoint. */
  readonly name: string;
  /** Creates what the projection needs (tables, views) if missing; called when the store opens. */
  setup(context: TContext): void;
  /** Applies events in log order. Must be deterministic: replays must give the same result. */
  apply(events: readonly StoredEvent[], context: TContext): void;
  /** Removes everything the projection derived, before a replay from the start of the log. */
  reset(context: TContext): void;
  /**
   * Optional: rebuilds the projection from the whole log in one go (for example with one SQL
   * statement), instead of `reset` followed by `apply` on every event. Must leave exactly what
   * the event-by-event path would.
   */
  replay?(context: TContext): void;
  /**
   * Optional: true when the projection derives from the log alone, never from the record
   * projection or its strategy. A rebuild then leaves it as it is when it is caught up.
   */
  readonly logOnly?: boolean;
}

/** How far a projection has read the log. */
export interface ProjectionCheckpoint {
  /** The projection's name. */
  name: string;
  /** Last log position applied; 0 when none. */
  position: number;
}
