import { SourceProtocolError } from './errors';
import type { PullResult } from './sync-source';

/**
 * Refuses pages that would make a sync loop forever: `hasMore` without a next cursor, a cursor
 * that does not move or comes back, and endless empty pages that claim more follow.
 */
export class PageProgressGuard {
  private readonly seenCursors = new Set<string>();
  private emptyPagesInARow = 0;

  constructor(
    private readonly sourceId: string,
    startCursor: string | undefined,
    private readonly maxEmptyPages: number,
  ) {
    if (startCursor !== undefined) this.seenCursors.add(startCursor);
  }

  /** Throws {@link SourceProtocolError} when `page`, pulled at `cursor`, shows no progress. */
  check(cursor: string | undefined, page: PullResult): void {
    if (!page.hasMore) return;
    const next = page.nextCursor;
    if (next === undefined) this.fail('said hasMore but gave no nextCursor');
    if (next === cursor) this.fail(`said hasMore but its cursor did not move from '${next}'`);
    if (this.seenCursors.has(next)) this.fail(`returned cursor '${next}' again: its pages loop`);
    this.seenCursors.add(next);
    const received = page.deltas.length + (page.rejects?.length ?? 0);
    this.emptyPagesInARow = received === 0 ? this.emptyPagesInARow + 1 : 0;
    if (this.emptyPagesInARow > this.maxEmptyPages) {
      this.fail(`returned ${this.emptyPagesInARow} empty pages in a row while saying hasMore`);
    }
  }

  private fail(problem: string): never {
    throw new SourceProtocolError(this.sourceId, problem);
  }
}
