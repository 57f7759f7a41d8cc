import { HttpSourceError } from '../errors';
import { readPath } from '../json-path';
import type { PageResponse, PageToken, Paginator } from './paginator';

/** Options of {@link LastRecordPaginator}. */
export interface LastRecordPaginatorOptions {
  /** Query parameter that takes the last record's value, e.g. `starting_after`. */
  param: string;
  /** Dotted path of that value in a record, e.g. `id`. */
  field: string;
}

/**
 * Pagination by a cursor taken from the last record of each page (Stripe's
 * `?starting_after=<id of the last object>`). An empty page ends the listing; a body flag such
 * as `has_more: false` ends it sooner when configured as a stop condition.
 *
 * @example
 * new LastRecordPaginator({ param: 'starting_after', field: 'id' });
 */
export class LastRecordPaginator implements Paginator {
  constructor(private readonly options: LastRecordPaginatorOptions) {}

  /** The listing's URL, with the parameter set after the first page. */
  pageUrl(url: URL, token: PageToken | undefined): URL {
    const page = new URL(url);
    if (token !== undefined) page.searchParams.set(this.options.param, String(token));
    return page;
  }

  /** The last record's value at `field`; undefined for an empty page. */
  nextToken(response: PageResponse): PageToken | undefined {
    const last = response.records[response.records.length - 1];
    if (last === undefined) return undefined;
    const value = readPath(last, this.options.field);
    if (typeof value === 'string' && value.length > 0) return value;
    if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value)))
      return String(value);
    throw new HttpSourceError(
      response.url,
      `the last record has no usable '${this.options.field}' to page on (${this.options.param})`,
      { reason: 'malformed' },
    );
  }
}
