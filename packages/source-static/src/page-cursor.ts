import { SourceProtocolError } from '@oxide-mirror/core';

/** Canonical decimal indexes only, so each page has exactly one cursor. */
const PAGE_INDEX = /^(0|[1-9][0-9]*)$/;

/** The cursor that resumes at page `index`. */
export function cursorOf(index: number): string {
  return String(index);
}

/**
 * The page index a cursor points at; `undefined` means the first page. Throws
 * {@link SourceProtocolError} for a cursor this source never hands out, rather than silently
 * restarting from the beginning and re-sending every page.
 */
export function pageIndexOf(sourceId: string, cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const index = PAGE_INDEX.test(cursor) ? Number(cursor) : Number.NaN;
  if (!Number.isSafeInteger(index)) {
    throw new SourceProtocolError(
      sourceId,
      `cannot resume from cursor ${JSON.stringify(cursor)}: expected a page index such as '0'`,
    );
  }
  return index;
}
