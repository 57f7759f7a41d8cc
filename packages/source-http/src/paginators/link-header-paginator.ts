import { findLink } from '../link-header';
import type { PageResponse, PageToken, Paginator } from './paginator';
import { sameOriginUrl } from './same-origin-url';

/** Options of {@link LinkHeaderPaginator}. */
export interface LinkHeaderPaginatorOptions {
  /** Relation of the next page's link. Default `next`. */
  rel?: string;
}

/**
 * Pagination by the `Link` header (`Link: <https://api.example.com/items?page=2>; rel="next"`),
 * as GitHub and many others do. The token is the next page's absolute URL. A link to another
 * origin is refused: following it would send the API's credentials to a stranger.
 *
 * @example
 * new LinkHeaderPaginator(); // follows rel="next"
 */
export class LinkHeaderPaginator implements Paginator {
  private readonly rel: string;

  constructor(options: LinkHeaderPaginatorOptions = {}) {
    this.rel = options.rel ?? 'next';
  }

  /** The listing's URL for the first page, then the linked URL. */
  pageUrl(url: URL, token: PageToken | undefined): URL {
    return token === undefined ? new URL(url) : new URL(String(token));
  }

  /** The absolute URL of the next link, or undefined when the header has none. */
  nextToken(response: PageResponse): PageToken | undefined {
    const link = findLink(response.headers.get('link'), this.rel);
    if (link === undefined) return undefined;
    return sameOriginUrl(link, response, `Link header's ${this.rel} URL`);
  }
}
