import type { Observable } from 'rxjs';
import type { Delta } from './delta';
import type { SourceReject } from './rejected-record';
import type { StreamItem } from './stream-checkpoint';

/** One page of changes returned by {@link SyncSource.pull}. */
export interface PullResult {
  /** The changes on this page, in the order they should be applied. */
  deltas: Delta[];
  /** Cursor to resume after this page; stored once the page has committed. */
  nextCursor?: string;
  /** True when another page follows; the next pull gets `nextCursor`. */
  hasMore: boolean;
  /**
   * Records on this page the source could not turn into deltas (no id, an unreadable time).
   * They are set aside in the store's rejects with the page, instead of failing it.
   */
  rejects?: SourceReject[];
  /**
   * How many records each resource's listing holds in this sync, for the resources whose API
   * reports a total on this page. Hosts show progress against it; the engine does not use it.
   */
  totals?: Record<string, number>;
}

/** What the engine passes to every pull. */
export interface PullContext {
  /** Aborted when the sync is stopped or the pull timed out; pass it to `fetch`. */
  signal: AbortSignal;
  /** 1 for the first page of a sync, then one more per page. */
  page: number;
}

/**
 * A place changes come from. `pull` pages through changes after a cursor; `subscribe`, when
 * present, streams them live.
 *
 * @example
 * const source: SyncSource = {
 *   id: 'petstore',
 *   async pull(cursor) {
 *     const page = await fetchPets(cursor);
 *     return { deltas: page.items.map(toDelta), nextCursor: page.next, hasMore: !!page.next };
 *   },
 * };
 */
export interface SyncSource {
  /** Unique id; the key of the source's cursors and the default provenance of its deltas. */
  readonly id: string;
  /** Returns the page of changes after `cursor` (undefined: from the beginning). */
  pull(cursor: string | undefined, context?: PullContext): Promise<PullResult>;
  /**
   * Streams changes after `cursor` as they happen. Optional. The stream may emit checkpoints
   * (`streamCheckpoint(cursor)`) between changes, so that a consumer that stops resumes after the
   * last one it committed; a stream that cannot resume from `cursor` (too old, or a pull cursor
   * it cannot read) errors with `StreamResumeError`, and the Syncer catches up with `pull` first.
   */
  subscribe?(cursor: string | undefined): Observable<StreamItem>;
}
