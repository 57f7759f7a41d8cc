import { readPath } from '../json-path';
import { recordCount, type PageResponse, type PageToken, type Paginator } from './paginator';

/** Options of {@link OffsetPaginator}. */
export interface OffsetPaginatorOptions {
  /** Records per page. */
  limit: number;
  /** Query parameter of the offset. Default `offset`. */
  offsetParam?: string;
  /** Query parameter of the page size. Default `limit`. */
  limitParam?: string;
  /** Dotted path of the total record count in the body, when the API reports it. */
  totalPath?: string;
}

/**
 * Pagination by offset and limit (`?offset=200&limit=100`). The next offset advances by the
 * records actually received, so an API that caps `limit` lower loses nothing. The listing ends
 * at an empty page, at the reported total, or (without a total) at a page shorter than `limit`.
 *
 * @example
 * new OffsetPaginator({ limit: 100, totalPath: 'meta.total' });
 */
export class OffsetPaginator implements Paginator {
  private readonly offsetParam: string;
  private readonly limitParam: string;

  constructor(private readonly options: OffsetPaginatorOptions) {
    this.offsetParam = options.offsetParam ?? 'offset';
    this.limitParam = options.limitParam ?? 'limit';
  }

  /** The listing's URL with offset and limit set. */
  pageUrl(url: URL, token: PageToken | undefined): URL {
    const page = new URL(url);
    page.searchParams.set(this.offsetParam, String(token ?? 0));
    page.searchParams.set(this.limitParam, String(this.options.limit));
    return page;
  }

  /** The offset after this page, or undefined when this page was the last. */
  nextToken(response: PageResponse, token: PageToken | undefined): PageToken | undefined {
    if (response.recordCount === 0) return undefined;
    const next = Number(token ?? 0) + response.recordCount;
    const total = this.options.totalPath && readPath(response.body, this.options.totalPath);
    if (typeof total === 'number') return next < total ? next : undefined;
    return response.recordCount < this.options.limit ? undefined : next;
  }

  /** The total the body reports at `totalPath`. */
  totalRecords(response: PageResponse): number | undefined {
    const path = this.options.totalPath;
    return path === undefined ? undefined : recordCount(readPath(response.body, path));
  }
}
