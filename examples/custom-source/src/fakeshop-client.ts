import { FakeshopApiError } from './fakeshop-api-error';
import type { Product, ProductPage } from './product';

/** Which page of products to ask for: the first one changed since a time, or the next one. */
export type ProductQuery = { updatedSince?: string } | { pageToken: string };

function checkProduct(value: unknown, index: number): Product {
  const product = value as Partial<Product> | null;
  const ok =
    typeof product === 'object' &&
    product !== null &&
    typeof product.id === 'string' &&
    typeof product.name === 'string' &&
    typeof product.price_cents === 'number' &&
    typeof product.updated_at === 'string' &&
    (product.deleted === undefined || typeof product.deleted === 'boolean');
  if (!ok)
    throw new FakeshopApiError(`malformed product at data[${index}]: ${JSON.stringify(value)}`);
  return product as Product;
}

function checkPage(body: unknown): ProductPage {
  const page = body as Partial<ProductPage> | null;
  if (typeof page !== 'object' || page === null || !Array.isArray(page.data)) {
    throw new FakeshopApiError('malformed page: no data array');
  }
  const token = page.next_page_token;
  if (token !== null && typeof token !== 'string') {
    throw new FakeshopApiError('malformed page: next_page_token is neither a string nor null');
  }
  return { data: page.data.map(checkProduct), next_page_token: token };
}

/** The few calls of the Fakeshop REST API the source needs, over `fetch`. */
export class FakeshopClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string | undefined,
  ) {}

  /** One page of products, oldest change first; rejects with {@link FakeshopApiError}. */
  async listProducts(
    query: ProductQuery,
    limit: number,
    signal?: AbortSignal,
  ): Promise<ProductPage> {
    const url = new URL(
      'v1/products',
      this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`,
    );
    url.searchParams.set('limit', String(limit));
    if ('pageToken' in query) url.searchParams.set('page_token', query.pageToken);
    else if (query.updatedSince !== undefined)
      url.searchParams.set('updated_since', query.updatedSince);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.apiKey !== undefined) headers.authorization = `Bearer ${this.apiKey}`;
    const response = await fetch(url, { headers, signal });
    if (!response.ok) {
      const detail = (await response.text()).slice(0, 200);
      throw new FakeshopApiError(
        `GET ${url.pathname} answered ${response.status}: ${detail}`,
        response.status,
      );
    }
    return checkPage(await response.json());
  }
}
