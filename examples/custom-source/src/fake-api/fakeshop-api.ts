import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Product, ProductPage } from '../product';

/** Options of {@link FakeshopApi.start}. */
export interface FakeshopApiOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
}

/** A position in the (updated_at, id) order: page tokens are this, base64url-encoded. */
interface Position {
  t: string;
  id: string;
}

const MAX_LIMIT = 100;

function isAfter(product: Product, position: Position): boolean {
  return (
    product.updated_at > position.t ||
    (product.updated_at === position.t && product.id > position.id)
  );
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/**
 * Fakeshop, a small fictional REST API, served from memory on 127.0.0.1 for tests and demos.
 *
 * `GET /v1/products?limit=N&updated_since=T` lists products changed at or after `T` (all when
 * absent), ordered by `updated_at` then `id`; `page_token` from a response continues the list.
 * Deleted products stay in the list with `deleted: true`.
 *
 * @example
 * const api = await FakeshopApi.start({ apiKey: 'secret' });
 * api.upsert([{ id: 'p1', name: 'Mug', price_cents: 900, updated_at: '2024-01-01T00:00:00.000Z' }]);
 * // … sync from api.url …
 * await api.close();
 */
export class FakeshopApi {
  private readonly products = new Map<string, Product>();
  private okRequests = Infinity;
  /** Every request's path and query, in order, for tests that check what a client asked for. */
  readonly requests: string[] = [];

  private constructor(
    private readonly server: Server,
    private readonly apiKey: string | undefined,
  ) {}

  /** Starts the API; resolves once it listens. */
  static async start(options: FakeshopApiOptions = {}): Promise<FakeshopApi> {
    const server = createServer();
    const api = new FakeshopApi(server, options.apiKey);
    server.on('request', (request: IncomingMessage, response: ServerResponse) =>
      api.handle(request, response),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    return api;
  }

  /** Base URL, such as `http://127.0.0.1:4010`. */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Creates products or replaces those with the same id. */
  upsert(products: readonly Product[]): void {
    for (const product of products) this.products.set(product.id, { ...product });
  }

  /** Marks a product deleted at `at`; it stays in the change feed. */
  softDelete(id: string, at: string): void {
    const product = this.products.get(id);
    if (product) this.products.set(id, { ...product, updated_at: at, deleted: true });
  }

  /** Answers the next `requests` requests, then 503 to every one until {@link recover}. */
  failAfter(requests: number): void {
    this.okRequests = requests;
  }

  /** Ends the outage {@link failAfter} started. */
  recover(): void {
    this.okRequests = Infinity;
  }

  /** Stops listening and drops open connections. */
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://fakeshop');
    this.requests.push(`${url.pathname}${url.search}`);
    if (this.okRequests <= 0) return send(response, 503, { error: 'service unavailable' });
    this.okRequests -= 1;
    if (this.apiKey !== undefined && request.headers.authorization !== `Bearer ${this.apiKey}`) {
      return send(response, 401, { error: 'missing or wrong API key' });
    }
    if (request.method !== 'GET' || url.pathname !== '/v1/products') {
      return send(response, 404, { error: `no route ${request.method} ${url.pathname}` });
    }
    const page = this.page(url.searchParams);
    if (typeof page === 'string') return send(response, 400, { error: page });
    send(response, 200, page);
  }

  /** The page a query asks for, or what is wrong with the query. */
  private page(query: URLSearchParams): ProductPage | string {
    const limit = Number(query.get('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      return `limit must be 1-${MAX_LIMIT}`;
    const token = query.get('page_token');
    const since = query.get('updated_since');
    let matches: (product: Product) => boolean = () => true;
    if (token !== null) {
      const position = decodeToken(token);
      if (position === undefined) return 'unknown page_token';
      matches = (product) => isAfter(product, position);
    } else if (since !== null) {
      if (Number.isNaN(Date.parse(since))) return 'updated_since must be an ISO-8601 time';
      const from = new Date(since).toISOString();
      matches = (product) => product.updated_at >= from;
    }
    const listed = [...this.products.values()]
      .filter(matches)
      .sort((a, b) =>
        a.updated_at === b.updated_at
          ? a.id < b.id
            ? -1
            : 1
          : a.updated_at < b.updated_at
            ? -1
            : 1,
      );
    const data = listed.slice(0, limit);
    const last = data[data.length - 1];
    const more = listed.length > limit && last !== undefined;
    return {
      data,
      next_page_token: more ? encodeToken({ t: last.updated_at, id: last.id }) : null,
    };
  }
}

function encodeToken(position: Position): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodeToken(token: string): Position | undefined {
  try {
    const position = JSON.parse(Buffer.from(token, 'base64url').toString()) as Partial<Position>;
    return typeof position.t === 'string' && typeof position.id === 'string'
      ? { t: position.t, id: position.id }
      : undefined;
  } catch {
    return undefined;
  }
}
