import { readPath } from '../json-path';
import { recordCount, type PageResponse, type PageToken, type Paginator } from './paginator';

/** Options of {@link PageNumberPaginator}. */
export interface PageNumberPaginatorOptions {
  /** Query parameter of the page number. Default `page`. */
  param?: string;
  /** Number of the first page. Default 1. */
  start?: number;
  /** Query parameter of the page size, when the API takes one (e.g. `per_page`). */
  sizeParam?: string;
  /** Records per page; a shorter page is the last one. */
  size?: number;
  /** Dotted path of the total page count in the body, when the API reports it. */
  totalPagesPath?: string;
  /** Dotted path of the total record count in the body; pages are counted with `size`. */
  totalCountPath?: string;
}

/**
 * Pagination by page number (`?page=3&per_page=100`). The listing ends at an empty page, at the
 * reported page count (or record count), or (without a count) at a page shorter than `size`. With a count, short
 * pages do not end it: APIs that cap the page size below what was asked would otherwise stop early.
 *
 * @example
 * new PageNumberPaginator({ param: 'page', sizeParam: 'per_page', size: 100 });
 */
export class PageNumberPaginator implements Paginator {
  private readonly param: string;
  private readonly start: number;

  constructor(private readonly options: PageNumberPaginatorOptions = {}) {
    this.param = options.param ?? 'page';
    this.start = options.start ?? 1;
  }

  /** The listing's URL with the page number (and size) set. */
  pageUrl(url: URL, token: PageToken | undefined): URL {
    const page = new URL(url);
    page.searchParams.set(this.param, String(token ?? this.start));
    const { sizeParam, size } = this.options;
    if (sizeParam !== undefined && size !== undefined)
      page.searchParams.set(sizeParam, String(size));
    return page;
  }

  /** The next page number, or undefined when this page was the last. */
  nextToken(response: PageResponse, token: PageToken | undefined): PageToken | undefined {
    if (response.recordCount === 0) return undefined;
    const current = Number(token ?? this.start);
    const total = this.totalPages(response.body);
    if (total !== undefined) return current - this.start + 1 < total ? current + 1 : undefined;
    const size = this.options.size;
    if (size !== undefined && response.recordCount < size) return undefined;
    return current + 1;
  }

  /** The record count the body reports at `totalCountPath` (a page count alone is no record count). */
  totalRecords(response: PageResponse): number | undefined {
    const path = this.options.totalCountPath;
    return path === undefined ? undefined : recordCount(readPath(response.body, path));
  }

  /** The page count the body reports, directly or as a record count. */
  private totalPages(body: unknown): number | undefined {
    const { totalPagesPath, totalCountPath, size } = this.options;
    const pages = totalPagesPath && readPath(body, totalPagesPath);
    if (typeof pages === 'number') return pages;
    const count = totalCountPath && readPath(body, totalCountPath);
    if (typeof count === 'number' && size !== undefined) return Math.ceil(count / size);
    return undefined;
  }
}
