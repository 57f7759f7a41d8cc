import { readPath } from '../json-path';
import type { PageResponse, PageToken, Paginator } from './paginator';

/** Options of {@link NextCursorPaginator}. */
export interface NextCursorPaginatorOptions {
  /** Dotted path of the next page's cursor in the body, e.g. `meta.next_cursor`. */
  cursorPath: string;
  /** Query parameter that takes the cursor, e.g. `cursor` or `starting_after`. */
  param: string;
}

/**
 * Pagination by an opaque cursor in the body (`{ "data": […], "meta": { "next": "abc" } }`,
 * then `?cursor=abc`). A missing, null, false or empty cursor ends the listing.
 *
 * @example
 * new NextCursorPaginator({ cursorPath: 'meta.next', param: 'cursor' });
 */
export class NextCursorPaginator implements Paginator {
  constructor(private readonly options: NextCursorPaginatorOptions) {}

  /** The listing's URL with the cursor parameter set, when there is a cursor. */
  pageUrl(url: URL, token: PageToken | undefined): URL {
    const page = new URL(url);
    if (token !== undefined) page.searchParams.set(this.options.param, String(token));
    return page;
  }

  /** The cursor at `cursorPath`, or undefined when the body has none. */
  nextToken(response: PageResponse): PageToken | undefined {
    const next = readPath(response.body, this.options.cursorPath);
    if (typeof next === 'string' && next.length > 0) return next;
    if (typeof next === 'number' && Number.isFinite(next)) return next;
    return undefined;
  }
}
