import { z } from 'zod';
import type { Paginator } from '../paginators/paginator';
import { dottedPath, jsonValue, name, positiveInt } from './schema-parts';

/** A body flag that ends the listing, such as `has_more: false` or `end_of_stream: true`. */
const stopWhen = z
  .object({
    path: dottedPath.describe('Dotted path of the flag in the body, e.g. `has_more`.'),
    equals: jsonValue.describe('The value that means "no more pages", e.g. `false`.'),
  })
  .strict()
  .describe(
    'Ends the listing when the body holds this value, e.g. `{ path: "has_more", equals: false }`.',
  );

/** Stop conditions every paging style takes besides its own. */
const stops = {
  stopWhen: stopWhen.optional(),
  stopOnEmptyPage: z
    .boolean()
    .optional()
    .describe('Ends the listing at a page without records. Default true.'),
};

const none = z
  .object({ kind: z.literal('none') })
  .strict()
  .describe('One request, one page.');

const nextCursor = z
  .object({
    kind: z.literal('next-cursor'),
    cursorPath: dottedPath.describe(
      'Dotted path of the next page token in the body, e.g. `meta.next_cursor`.',
    ),
    param: name.describe('Query parameter that takes the token, e.g. `cursor`.'),
    ...stops,
  })
  .strict()
  .describe(
    'A next-page token in the body, sent back as a query parameter (HubSpot `paging.next.after`).',
  );

const nextUrl = z
  .object({
    kind: z.literal('next-url'),
    urlPath: dottedPath.describe('Dotted path of the next page URL in the body, e.g. `next_page`.'),
    ...stops,
  })
  .strict()
  .describe('The next page URL in the body (Zendesk `next_page`). Same origin only.');

const linkHeader = z
  .object({
    kind: z.literal('link-header'),
    rel: name.optional().describe('Relation of the next link. Default `next`.'),
    ...stops,
  })
  .strict()
  .describe('The `Link: <…>; rel="next"` header (GitHub, Shopify `page_info`). Same origin only.');

const pageNumber = z
  .object({
    kind: z.literal('page-number'),
    param: name.optional().describe('Query parameter of the page number. Default `page`.'),
    start: z.number().int().min(0).optional().describe('Number of the first page. Default 1.'),
    sizeParam: name
      .optional()
      .describe('Query parameter of the page size, e.g. `per_page`; needs `size`.'),
    size: positiveInt
      .optional()
      .describe('Records per page; without a total, a shorter page is the last.'),
    totalPagesPath: dottedPath.optional().describe('Dotted path of the page count in the body.'),
    totalCountPath: dottedPath
      .optional()
      .describe('Dotted path of the record count in the body; needs `size`.'),
    ...stops,
  })
  .strict()
  .describe('Page numbers (`?page=3&per_page=100`).');

const offset = z
  .object({
    kind: z.literal('offset'),
    limit: positiveInt.describe('Records per page.'),
    offsetParam: name
      .optional()
      .describe('Query parameter of the offset. Default `offset`; Jira `startAt`.'),
    limitParam: name
      .optional()
      .describe('Query parameter of the page size. Default `limit`; Jira `maxResults`.'),
    totalPath: dottedPath
      .optional()
      .describe('Dotted path of the record count in the body, e.g. `total`.'),
    ...stops,
  })
  .strict()
  .describe('Offset and limit (`?offset=200&limit=100`, Jira `startAt`/`maxResults`).');

const lastRecord = z
  .object({
    kind: z.literal('last-record'),
    param: name.describe(
      "Query parameter that takes the last record's value, e.g. `starting_after`.",
    ),
    field: dottedPath
      .optional()
      .describe("Dotted path of that value in a record. Default: the resource's `idField`."),
    ...stops,
  })
  .strict()
  .describe('A cursor taken from the last record of the page (Stripe `starting_after`).');

const custom = z
  .object({
    kind: z.literal('custom'),
    paginator: z.custom<Paginator>(
      (value) =>
        typeof (value as Partial<Paginator> | null)?.pageUrl === 'function' &&
        typeof (value as Partial<Paginator>).nextToken === 'function',
      { message: 'must be an object with pageUrl() and nextToken() methods' },
    ),
    ...stops,
  })
  .strict()
  .describe('Your own `Paginator` (library use only).');

/** How a listing is paged. */
export const paginationSchema = z
  .discriminatedUnion('kind', [
    none,
    nextCursor,
    nextUrl,
    linkHeader,
    pageNumber,
    offset,
    lastRecord,
    custom,
  ])
  .describe('How the listing is paged. Default `{ kind: "none" }`.');

/** How a listing is paged; `custom` takes any {@link Paginator}. Default `none`. */
export type PaginationConfig = z.input<typeof paginationSchema>;
