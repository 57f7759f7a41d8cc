import { readPath } from '../json-path';
import type { PageResponse, PageToken, Paginator } from './paginator';
import { sameOriginUrl } from './same-origin-url';

/** Options of {@link NextUrlPaginator}. */
export interface NextUrlPaginatorOptions {
  /** Dotted path of the next page's URL in the body, e.g. `next_page` or `links.next`. */
  urlPath: string;
}

/**
 * Pagination by the next page's URL in the body (`{ "tickets": […], "next_page": "https://…" }`),
 * as Zendesk and many others do. The token is that absolute URL; a missing, null or empty one
 * ends the listing, and one to another origin is refused.
 *
 * @example
 * new NextUrlPaginator({ urlPath: 'next_page' });
 */
export class NextUrlPaginator implements Paginator {
  constructor(private readonly options: NextUrlPaginatorOptions) {}

  /** The listing's URL for the first page, then the URL the previous page gave. */
  pageUrl(url: URL, token: PageToken | undefined): URL {
    return token === undefined ? new URL(url) : new URL(String(token));
  }

  /** The next page's absolute URL, or undefined when the body has none. */
  nextToken(response: PageResponse): PageToken | undefined {
    const next = readPath(response.body, this.options.urlPath);
    if (typeof next !== 'string' || next.length === 0) return undefined;
    return sameOriginUrl(next, response, `${this.options.urlPath} in the body`);
  }
}
