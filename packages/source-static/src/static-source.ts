import { defer, from, type Observable } from 'rxjs';
import {
  MirrorError,
  type Delta,
  type PullContext,
  type PullResult,
  type SyncSource,
} from '@oxide-mirror/core';
import { cursorOf, pageIndexOf } from './page-cursor';

/** A stored page: its own copy of the deltas, and whether the sync should go on after it. */
interface StoredPage {
  readonly deltas: readonly Delta[];
  readonly hasMore: boolean;
}

function invalid(problem: string): MirrorError {
  return new MirrorError('INVALID_SOURCE', `static source ${problem}`);
}

function checkId(id: unknown): string {
  if (typeof id !== 'string' || id.trim().length === 0) {
    throw invalid(`needs a non-empty string id, got ${JSON.stringify(id)}`);
  }
  return id;
}

/** Copies a page in, so later changes to the caller's objects cannot rewrite history. */
function storePage(id: string, batch: unknown, position: string): StoredPage {
  if (typeof batch !== 'object' || batch === null) {
    throw invalid(`'${id}': ${position} is not a page object`);
  }
  const page = batch as Partial<PullResult>;
  if (!Array.isArray(page.deltas)) throw invalid(`'${id}': ${position} has no deltas array`);
  if (typeof page.hasMore !== 'boolean') {
    throw invalid(`'${id}': ${position} needs a boolean hasMore`);
  }
  return { deltas: structuredClone(page.deltas), hasMore: page.hasMore };
}

/**
 * An in-memory source serving fixed pages, for tests, examples and demos.
 *
 * Its cursor is the index of the next page as a decimal string, so a sync can stop, store the
 * cursor and resume exactly where it left off. Pulling past the last page returns an empty page
 * with the same cursor, which lets a later sync pick up pages added with {@link enqueue}. Every
 * pull returns fresh copies, so callers cannot change the pages the source holds.
 *
 * @example
 * const source = StaticSource.fromDeltas('crm', [
 *   Delta.upsert('contacts', '1', { name: 'Ada' }, 'crm'),
 *   Delta.upsert('contacts', '2', { name: 'Grace' }, 'crm'),
 * ]);
 * const report = await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source);
 * // report.pulled === 2
 */
export class StaticSource implements SyncSource {
  /** Unique id of this source; the key of its cursors. */
  readonly id: string;
  private readonly pages: StoredPage[];

  /**
   * Creates a source serving `batches` in order. Each batch's `hasMore` is honoured (a batch
   * saying `false` ends a sync early); its `nextCursor` is replaced by the page index.
   */
  constructor(id: string, batches: readonly PullResult[] = []) {
    this.id = checkId(id);
    if (!Array.isArray(batches)) throw invalid(`'${this.id}': batches must be an array`);
    this.pages = batches.map((batch, index) => storePage(this.id, batch, `batch ${index}`));
  }

  /** A source serving `deltas` as one page with nothing after it. */
  static fromDeltas(id: string, deltas: readonly Delta[]): StaticSource {
    if (!Array.isArray(deltas)) throw invalid(`'${id}': fromDeltas needs an array of deltas`);
    return new StaticSource(id, [{ deltas: [...deltas], hasMore: false }]);
  }

  /** Number of pages the source holds. */
  get pageCount(): number {
    return this.pages.length;
  }

  /** Appends `batch` as the last page; a sync that already reached the end picks it up next. */
  enqueue(batch: PullResult): void {
    this.pages.push(storePage(this.id, batch, 'the enqueued batch'));
  }

  /**
   * Returns the page at `cursor` (undefined: the first page) with `nextCursor` pointing at the
   * page after it. Rejects with `SourceProtocolError` for a cursor this source never hands out.
   */
  async pull(cursor: string | undefined, context?: PullContext): Promise<PullResult> {
    context?.signal.throwIfAborted();
    const index = pageIndexOf(this.id, cursor);
    const page = this.pages[index];
    if (page === undefined) return { deltas: [], hasMore: false, nextCursor: cursorOf(index) };
    // The last page can never promise more: nothing would follow it until the next enqueue.
    const isLast = index === this.pages.length - 1;
    return {
      deltas: structuredClone([...page.deltas]),
      hasMore: page.hasMore && !isLast,
      nextCursor: cursorOf(index + 1),
    };
  }

  /**
   * Emits the deltas of every page from `cursor` on, in order, then completes. The pages are
   * read when a subscriber arrives, so each subscription sees what was enqueued before it.
   */
  subscribe(cursor: string | undefined): Observable<Delta> {
    return defer(() => {
      const start = pageIndexOf(this.id, cursor);
      const deltas = this.pages.slice(start).flatMap((page) => page.deltas);
      return from(structuredClone(deltas));
    });
  }
}
