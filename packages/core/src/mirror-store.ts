import type { Observable } from 'rxjs';
import type { AppliedDelta, Decision } from './applied-delta';
import type { ConflictStrategy } from './conflict-strategy';
import type { Delta } from './delta';
import type { MirroredRecord } from './mirrored-record';
import type {
  InvalidDeltaPolicy,
  RejectFilter,
  RejectedRecord,
  SourceReject,
} from './rejected-record';

/** The resource under which a source's overall cursor is stored. */
export const ALL_RESOURCES = '*';

/** A cursor to store together with a batch, in the same transaction. */
export interface CursorUpdate {
  source: string;
  /** Resource the cursor belongs to; {@link ALL_RESOURCES} for a source-wide cursor. */
  resource: string;
  cursor: string;
}

/** Options of {@link MirrorStore.applyBatch}. */
export interface ApplyBatchOptions {
  /** Stored in the batch's transaction, so events and cursor commit or fail together. */
  cursor?: CursorUpdate;
  /**
   * `fail` (default): an invalid delta fails the whole batch with `InvalidDeltaError`. `reject`:
   * it is set aside in the rejects, in the batch's transaction, and the rest lands.
   */
  onInvalid?: InvalidDeltaPolicy;
  /** The source the batch comes from; names the source of rejects whose delta is unreadable. */
  source?: string;
  /** Records the source could not turn into deltas, set aside in the batch's transaction. */
  rejects?: readonly SourceReject[];
  /** Ids of rejects this batch re-applies; they are removed in the batch's transaction. */
  resolvesRejects?: readonly number[];
}

/** One committed event, as {@link MirrorStore.changes} reports it. */
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

/** A row of a read-only query: column name to value, in SELECT column order. */
export type QueryRow = Record<string, unknown>;

/** Bounds on one read-only query. */
export interface QueryLimits {
  /** Longest the query may run, in milliseconds, before it is stopped. */
  timeoutMs: number;
  /** Most rows returned; more are cut off. */
  maxRows: number;
  /** Most bytes of values returned (text, blobs; 8 per number); more are cut off. */
  maxBytes: number;
}

/** Who asks a read-only query, for fair admission. */
export interface QueryOptions {
  /**
   * The caller on whose behalf the query runs (an MCP session, a user). Waiting queries are
   * started client by client in turn, so one client's runaway queries never starve another's.
   */
  client?: string;
}

/** A read-only query's result with its column order and whether it was cut off. */
export interface QueryResult {
  /** Column names in SELECT order (duplicates kept). */
  columns: string[];
  /** Rows as arrays of values, in column order. */
  rows: unknown[][];
  /** Why the result was cut short, if it was. */
  truncated?: 'rows' | 'bytes';
}

/** Parameters of a query: positional (`?`) or named (`@name`, `:name`, `$name`). */
export type QueryParams = readonly unknown[] | Readonly<Record<string, unknown>>;

/** A held source lock; see {@link MirrorStore.lockSource}. */
export interface SourceLock {
  /** Releases the lock; safe to call twice. */
  release(): Promise<void>;
}

/**
 * The contract a store plugin implements: an append-only event log, the `mirror_records`
 * projection, cursors and read-only SQL. The SQLite store is the first implementation.
 */
export interface MirrorStore {
  /** Appends one delta and projects it with `strategy`, in one transaction. */
  applyDelta(delta: Delta, strategy: ConflictStrategy): Promise<AppliedDelta>;
  /**
   * Appends and projects `deltas` in order, plus the optional cursor, in one transaction: all of
   * it commits or none of it does. Every delta is validated before anything is written.
   */
  applyBatch(
    deltas: readonly Delta[],
    strategy: ConflictStrategy,
    options?: ApplyBatchOptions,
  ): Promise<AppliedDelta[]>;
  /** The live record, or undefined when it does not exist or was deleted. */
  getRecord(resource: string, recordId: string): Promise<MirroredRecord | undefined>;
  /** The live records of a resource, ordered by record id. */
  listRecords(resource: string): Promise<MirroredRecord[]>;
  /** Live record count per resource. */
  recordCounts(): Promise<Record<string, number>>;
  /** Number of events in the log, for one resource or all. */
  eventCount(resource?: string): Promise<number>;
  /** Every resource registered or seen in the log, sorted. */
  listResources(): Promise<string[]>;
  /** Declares a resource before any of its records arrive. */
  registerResource(name: string): Promise<void>;
  /** The stored cursor, or undefined. */
  getCursor(source: string, resource?: string): Promise<string | undefined>;
  /** Stores a cursor. */
  setCursor(source: string, resource: string, cursor: string): Promise<void>;
  /**
   * Forgets the source's cursor for `resource`, or all of the source's cursors when `resource`
   * is undefined, so that its next sync starts from the beginning; returns how many were removed.
   * Safe at any time: re-sent deltas are recognised as duplicates.
   */
  deleteCursors(source: string, resource?: string): Promise<number>;
  /**
   * Runs read-only SQL and returns its rows; anything that could change the database is refused,
   * and a result beyond the store's limits is refused with `QueryLimitError`.
   */
  query(sql: string, params?: QueryParams): Promise<QueryRow[]>;
  /** Runs read-only SQL within `limits` and returns the result, cut off where a limit is reached. */
  runQuery(
    sql: string,
    params?: QueryParams,
    limits?: Partial<QueryLimits>,
    options?: QueryOptions,
  ): Promise<QueryResult>;
  /**
   * Optional: takes the lock that lets only one sync of `source` run at a time, across
   * processes; rejects with `SyncInProgressError` while another holds it. The Syncer takes it
   * around every sync when the store offers it.
   */
  lockSource?(source: string): Promise<SourceLock>;
  /** Rejected records matching `filter`, oldest first. */
  listRejects(filter?: RejectFilter): Promise<RejectedRecord[]>;
  /** Number of rejected records per source. */
  rejectCounts(): Promise<Record<string, number>>;
  /** Every committed event, after its transaction commits. Never drops events. */
  changes(): Observable<MirrorChange>;
  /** Releases the store's resources. */
  close(): Promise<void>;
}
