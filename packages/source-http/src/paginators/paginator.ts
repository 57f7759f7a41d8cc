/** Where a paginator is within a listing: a cursor, a page number, an offset or a URL. */
export type PageToken = string | number;

/** What a paginator sees of one response. */
export interface PageResponse {
  /** The URL the page was requested from. */
  url: string;
  /** The parsed body. */
  body: unknown;
  /** The response headers. */
  headers: Headers;
  /** How many records the page held. */
  recordCount: number;
  /** The page's records as the API sent them. */
  records: readonly unknown[];
}

/**
 * Walks the pages of one listing. A paginator is stateless: the token it hands out is the whole
 * of its position, so a source can store it in its cursor and resume after a restart.
 *
 * @example
 * let token: PageToken | undefined;
 * do {
 *   const url = paginator.pageUrl(listUrl, token);
 *   const response = await client.getJson(url, { signal });
 *   const records = readPath(response.body, 'data') as unknown[];
 *   token = paginator.nextToken({ ...response, records, recordCount: records.length }, token);
 * } while (token !== undefined);
 */
export interface Paginator {
  /** The URL of the page at `token` (undefined: the first page) of the listing at `url`. */
  pageUrl(url: URL, token: PageToken | undefined): URL;
  /** The token of the page after `response`, or undefined when it was the last one. */
  nextToken(response: PageResponse, token: PageToken | undefined): PageToken | undefined;
  /** The number of records the whole listing holds, when the API reports it in `response`. */
  totalRecords?(response: PageResponse): number | undefined;
}

/** `value` when it is a record count (a whole number, 0 or more), else undefined. */
export function recordCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
