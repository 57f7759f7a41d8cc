import { SourceProtocolError } from '@oxide-mirror/core';

/**
 * Where a sync resumes: `since`, the newest `updated_at` already mirrored, and `page`, the API's
 * token for the next page while a sync is paging. Stored as JSON text, so it reads well in
 * `mirror_cursors`.
 */
export interface FakeshopCursor {
  since?: string;
  page?: string;
}

/** The cursor text the engine stores, or undefined when there is nothing to resume from. */
export function encodeCursor(cursor: FakeshopCursor): string | undefined {
  if (cursor.since === undefined && cursor.page === undefined) return undefined;
  return JSON.stringify(cursor);
}

/**
 * Reads a stored cursor; throws `SourceProtocolError` for one this source never wrote, rather
 * than silently starting over and pulling everything again.
 */
export function decodeCursor(sourceId: string, text: string | undefined): FakeshopCursor {
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const cursor = parsed as FakeshopCursor | undefined;
  const valid =
    typeof cursor === 'object' &&
    cursor !== null &&
    (cursor.since === undefined || typeof cursor.since === 'string') &&
    (cursor.page === undefined || typeof cursor.page === 'string');
  if (!valid)
    throw new SourceProtocolError(sourceId, `cannot resume from cursor ${JSON.stringify(text)}`);
  return cursor;
}
