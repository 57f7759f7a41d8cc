import { Delta, type PullContext, type PullResult, type SyncSource } from '@oxide-mirror/core';
import { FakeshopClient } from './fakeshop-client';
import { decodeCursor, encodeCursor, type FakeshopCursor } from './fakeshop-cursor';
import type { FakeshopOptions } from './fakeshop-options';
import type { Product } from './product';

/** What {@link FakeshopSource} is built from: the config options, with the key itself. */
export interface FakeshopSourceOptions extends Omit<FakeshopOptions, 'apiKeyEnv'> {
  /** The source's id: the key of its cursor and the provenance of its deltas. */
  id: string;
  /** The API key, sent as a bearer token. */
  apiKey?: string;
}

/**
 * Mirrors Fakeshop's products. A sync asks for the products changed since the newest
 * `updated_at` already mirrored, then follows the API's page tokens; each page's cursor holds
 * both, so a sync that stops resumes at the page it stopped on, and the next sync asks only for
 * newer changes.
 *
 * `updated_since` is inclusive, so the products at the newest mirrored time come again on the
 * next sync: that is what keeps products sharing one timestamp from being lost, and the store
 * recognises the repeats (a product's delta is built from the product alone, so it is identical).
 *
 * @example
 * const source = new FakeshopSource({ id: 'fakeshop', baseUrl: 'http://127.0.0.1:4010' });
 * await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source);
 */
export class FakeshopSource implements SyncSource {
  readonly id: string;
  private readonly client: FakeshopClient;
  private readonly pageSize: number;
  private readonly resource: string;
  private readonly since: string | undefined;
  private readonly confidence: number;

  constructor(options: FakeshopSourceOptions) {
    this.id = options.id;
    this.client = new FakeshopClient(options.baseUrl, options.apiKey);
    this.pageSize = options.pageSize ?? 50;
    this.resource = options.resource ?? 'fakeshop_products';
    this.since = options.since;
    this.confidence = options.confidence ?? 1;
  }

  /** Fetches the page after `cursor`; an API error rejects, so the engine keeps the cursor. */
  async pull(cursor: string | undefined, context?: PullContext): Promise<PullResult> {
    const at = decodeCursor(this.id, cursor);
    const query =
      at.page !== undefined ? { pageToken: at.page } : { updatedSince: at.since ?? this.since };
    const page = await this.client.listProducts(query, this.pageSize, context?.signal);
    // Products come oldest change first, so the last one is the newest seen so far.
    const newest = page.data[page.data.length - 1]?.updated_at ?? at.since;
    const next: FakeshopCursor = { since: newest };
    if (page.next_page_token !== null) next.page = page.next_page_token;
    return {
      deltas: page.data.map((product) => this.toDelta(product)),
      nextCursor: encodeCursor(next),
      hasMore: page.next_page_token !== null,
    };
  }

  /** A product's delta, built from the product alone, so the same product gives the same delta. */
  private toDelta(product: Product): Delta {
    const options = { occurredAt: product.updated_at, confidence: this.confidence };
    if (product.deleted === true) return Delta.delete(this.resource, product.id, this.id, options);
    return Delta.upsert(
      this.resource,
      product.id,
      { name: product.name, price_cents: product.price_cents },
      this.id,
      options,
    );
  }
}
