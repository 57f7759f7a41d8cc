import type { JsonObject } from '@oxide-mirror/core';
import { CookbookApi, type Answer, type Row } from './cookbook-api';

/**
 * Stripe's customer list (`GET /v1/customers`): newest first, `limit`, `starting_after=<id of the
 * last object>`, and `{ object: 'list', data, has_more }`. A deleted customer leaves the list, so
 * deletes show in a full listing only; the list has no "updated since" filter.
 */
export class StripeApi extends CookbookApi {
  readonly resource = 'stripe_customers';
  readonly showsDeletes = true;
  readonly incremental = false;

  serve(row: Row): JsonObject {
    return {
      id: this.idOf(row),
      object: 'customer',
      created: Math.floor(row.createdMs / 1000),
      name: row.title,
    };
  }

  idOf(row: Row): string {
    return `cus_${String(row.id).padStart(6, '0')}`;
  }

  protected answer(url: URL): Answer {
    if (url.pathname !== '/v1/customers')
      return { status: 404, body: { error: { type: 'invalid_request_error' } } };
    const limit = Math.min(Number(url.searchParams.get('limit') ?? '10'), this.pageSize);
    const after = url.searchParams.get('starting_after');
    const live = this.byId([...this.rows.values()].filter((row) => !row.deleted)).reverse();
    let start = 0;
    if (after !== null) {
      const index = live.findIndex((row) => this.idOf(row) === after);
      if (index < 0) {
        return { status: 400, body: { error: { message: `No such customer: '${after}'` } } };
      }
      start = index + 1;
    }
    const rows = live.slice(start, start + limit);
    const body = {
      object: 'list',
      url: '/v1/customers',
      has_more: start + limit < live.length,
      data: this.page(rows),
    };
    return { status: 200, body };
  }
}
