import type {
  Clock,
  ConflictStrategy,
  DeltaLimits,
  EventUpcaster,
  QueryLimits,
} from '@oxide-mirror/core';
import type { QueryBudget } from './query/query-runner';
import type { SqliteProjection } from './sqlite-projection';

/** Options of {@link SqliteMirrorStore.open} and {@link SqliteMirrorStore.inMemory}. */
export interface SqliteStoreOptions {
  /** Clock for `recordedAt`; inject a fixed one for deterministic tests. */
  clock?: Clock;
  /** Bounds on incoming deltas; unspecified ones keep their defaults. */
  limits?: Partial<DeltaLimits>;
  /** Default bounds on read-only queries (time, rows, bytes). */
  queryLimits?: Partial<QueryLimits>;
  /**
   * How many read-only queries run and wait at once, and the memory each query process may use
   * (see {@link QueryBudget} for the defaults). A query beyond the queue is refused with
   * `QueryBusyError`.
   */
  queryBudget?: Partial<QueryBudget>;
  /**
   * Open without writing anything: no migrations, no projection catch-up; every write is refused
   * with `StoreReadOnlyError`. Chosen automatically when the file or its folder is not writable.
   */
  readOnly?: boolean;
  /**
   * Largest the database file may grow, in bytes (SQLite's `max_page_count`). A batch that
   * would pass it fails with `StoreFullError` and writes nothing.
   */
  maxDatabaseBytes?: number;
  /** How long a write waits for another process's write to finish, in milliseconds. Default 5000. */
  busyTimeoutMs?: number;
  /**
   * The strategy the projection is kept with: used by `history`, `recordAt`,
   * `mirror_records_as_of` and by `rebuild` when it is given none. Syncs pass their own.
   */
  strategy?: ConflictStrategy;
  /** Extra projections fed from the log, with checkpoints, catch-up and rebuild. */
  projections?: readonly SqliteProjection[];
  /**
   * Write large batches on a worker thread with its own connection to the file, so that the
   * next page is read and prepared while one commits (each batch still commits alone, in order,
   * with its cursor). Only batches of at least `minDeltas` deltas (default 256) whose strategy
   * names its plugin (`ConflictStrategy.plugin`, as the bundled strategies do) go there, in a
   * store without custom `projections`. The thread starts with the first such batch, which is
   * written here while it opens the file, or with `startAtOpen`, before `open` resolves.
   * `false` writes every batch on the calling thread, as the default does on a single core.
   */
  writerThread?: false | { minDeltas?: number; startAtOpen?: boolean };
  /** Keep one SQL view per resource with a column per payload field. Default true. */
  resourceViews?: boolean;
  /**
   * The schema version of the events this application writes (default 1), and upcasters that
   * read older events as the current shape.
   */
  eventSchema?: { version?: number; upcasters?: readonly EventUpcaster[] };
}
