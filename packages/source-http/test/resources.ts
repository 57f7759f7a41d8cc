import type { HttpResourceConfig } from '@oxide-mirror/source-http';

/** Resource configs for each listing style of the fake API, over collection `contacts`. */
export const listings = {
  cursor: (extra: Partial<HttpResourceConfig> = {}): HttpResourceConfig => ({
    name: 'contacts',
    path: '/contacts/cursor',
    query: { limit: '2' },
    recordsAt: 'data',
    idField: 'id',
    updatedAtField: 'updated_at',
    pagination: { kind: 'next-cursor', cursorPath: 'meta.next_cursor', param: 'cursor' },
    ...extra,
  }),
  link: (extra: Partial<HttpResourceConfig> = {}): HttpResourceConfig => ({
    name: 'contacts',
    path: '/contacts/link',
    query: { per_page: '2' },
    idField: 'id',
    updatedAtField: 'updated_at',
    pagination: { kind: 'link-header' },
    ...extra,
  }),
  pages: (extra: Partial<HttpResourceConfig> = {}): HttpResourceConfig => ({
    name: 'contacts',
    path: '/contacts/pages',
    recordsAt: 'items',
    idField: 'id',
    updatedAtField: 'updated_at',
    pagination: {
      kind: 'page-number',
      sizeParam: 'per_page',
      size: 2,
      totalPagesPath: 'total_pages',
    },
    ...extra,
  }),
  offset: (extra: Partial<HttpResourceConfig> = {}): HttpResourceConfig => ({
    name: 'contacts',
    path: '/contacts/offset',
    recordsAt: 'results',
    idField: 'id',
    updatedAtField: 'updated_at',
    pagination: { kind: 'offset', limit: 2, totalPath: 'total' },
    ...extra,
  }),
};
