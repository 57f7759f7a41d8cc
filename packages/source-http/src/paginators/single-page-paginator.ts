import type { PageToken, Paginator } from './paginator';

/** A listing that fits in one response. */
export class SinglePagePaginator implements Paginator {
  /** The listing's URL, unchanged. */
  pageUrl(url: URL): URL {
    return new URL(url);
  }

  /** Always undefined: there is no second page. */
  nextToken(): PageToken | undefined {
    return undefined;
  }
}
