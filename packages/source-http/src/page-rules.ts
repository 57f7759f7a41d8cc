import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { PassState } from './cursor-state';
import { HttpSourceError } from './errors';
import type { HttpJsonResponse } from './http-client';
import { readPath } from './json-path';
import type { ReadPage } from './page-reader';
import type { StopRules } from './walk-plan';

/** Identical pages in a row (each with a new token) that mean the paging goes nowhere. */
const MAX_REPEATED_PAGES = 3;

/** True when the page ends its listing by a stop rule: a body flag, or no records. */
export function stopsHere(stop: StopRules, body: unknown, recordCount: number): boolean {
  if (stop.onEmptyPage && recordCount === 0) return true;
  return (
    stop.when !== undefined && isDeepStrictEqual(readPath(body, stop.when.path), stop.when.equals)
  );
}

/**
 * Notes the page's records on `next` (the pass after it) and throws when the last pages all held
 * the same records: a server that hands out a new token with every page but never new records
 * would otherwise page until the request budget runs out. Only a digest of the previous page is
 * kept, so memory stays bounded whatever the server does.
 */
export function watchRepeats(
  next: PassState,
  previous: PassState,
  page: ReadPage,
  response: HttpJsonResponse,
): void {
  const digest = createHash('sha1').update(page.ids.join('\n')).digest('base64url').slice(0, 16);
  const repeats = previous.page === digest ? (previous.repeats ?? 1) + 1 : 1;
  if (repeats >= MAX_REPEATED_PAGES) {
    throw new HttpSourceError(
      response.url,
      `paging repeats itself: ${repeats} pages in a row held the same ${page.ids.length} records ` +
        'under new page tokens, so the listing would never end',
      { reason: 'malformed', status: response.status },
    );
  }
  next.page = digest;
  if (repeats > 1) next.repeats = repeats;
}
