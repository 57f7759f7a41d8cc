import type { JsonObject } from '@oxide-mirror/core';
import { CookbookApi, type Answer, type Row } from './cookbook-api';

/** Shopify's time text: whole seconds in the shop's zone (UTC-05:00 here). */
function shopTime(ms: number): string {
  return new Date(ms - 5 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '-05:00');
}

/**
 * Shopify's REST product listing (`GET /admin/api/2024-01/products.json`): `limit`,
 * `updated_at_min` (inclusive), products in id order, and cursor paging through `page_info` in
 * the `Link` header. A request with `page_info` may carry no other filter (Shopify answers 400),
 * so the client must follow the link as given. Deleted products are not listed.
 */
export class ShopifyApi extends CookbookApi {
  readonly resource = 'shopify_products';
  readonly showsDeletes = false;
  readonly incremental = true;

  serve(row: Row): JsonObject {
    return { id: 632_910_000 + row.id, title: row.title, updated_at: shopTime(row.updatedMs) };
  }

  idOf(row: Row): string {
    return String(632_910_000 + row.id);
  }

  protected answer(url: URL): Answer {
    if (url.pathname !== '/admin/api/2024-01/products.json') return { status: 404, body: {} };
    const q = url.searchParams;
    const pageInfo = q.get('page_info');
    if (pageInfo !== null && q.get('updated_at_min') !== null) {
      return { status: 400, body: { errors: 'page_info cannot be combined with other filters' } };
    }
    const limit = Math.min(Number(q.get('limit') ?? '50'), this.pageSize);
    const state =
      pageInfo === null
        ? { min: q.get('updated_at_min') ?? '1970-01-01T00:00:00Z', after: 0 }
        : (JSON.parse(Buffer.from(pageInfo, 'base64url').toString()) as {
            min: string;
            after: number;
          });
    const rows = this.byId().filter(
      (row) => !row.deleted && row.updatedMs >= Date.parse(state.min) && row.id > state.after,
    );
    const page = rows.slice(0, limit);
    const headers: Record<string, string> = {};
    const last = page[page.length - 1];
    if (rows.length > limit && last !== undefined) {
      const token = Buffer.from(JSON.stringify({ min: state.min, after: last.id })).toString(
        'base64url',
      );
      headers.link = `<${this.url}${url.pathname}?limit=${limit}&page_info=${token}>; rel="next"`;
    }
    return { status: 200, body: { products: this.page(page) }, headers };
  }
}
