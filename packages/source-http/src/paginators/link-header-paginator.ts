import { HttpSourceError } from '../errors';
import { findLink } from '../link-header';
import type { PageResponse, PageToken, Paginator } from './paginator';

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
    const current = new URL(response.url);
    let next: URL;
    try {
      next = new URL(link, current);
    } catch {
      throw new HttpSourceError(response.url, `Link header has an invalid ${this.rel} URL`, {
        reason: 'malformed',
      });
    }
    if (next.origin !== current.origin) {
      throw new HttpSourceError(
        response.url,
        `Link header points the ${this.rel} page to another origin (${next.origin}); refusing to send credentials there`,
        { reason: 'unsafe' },
      );
    }
    return next.toString();
  }
}
