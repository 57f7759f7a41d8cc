import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonObject } from '@oxide-mirror/core';

/** A record the fake API serves: an id, an update time, anything else. */
export interface FakeRecord extends JsonObject {
  id: string;
  updated_at: string;
}

/** What the server can do instead of answering normally. */
export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  | { kind: 'slow'; ms: number }
  | { kind: 'slow-body'; ms: number }
  | { kind: 'reset' }
  | { kind: 'reset-mid-body' }
  | { kind: 'malformed'; body: string };

/** A request as the server saw it. */
export interface SeenRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** The raw request target, query included. */
  target: string;
}

interface QueuedFault {
  fault: Fault;
  times: number;
  path: string | undefined;
}

type Listing = { items: FakeRecord[]; next: (body: JsonObject, res: ServerResponse) => void };

/**
 * A paginated JSON API on 127.0.0.1 for end-to-end tests, with faults to inject. Every
 * collection is served in five styles, records ordered by (`updated_at`, `id`) unless
 * `sort=id`, filtered inclusively by `updated_since`:
 *
 * - `/{c}/cursor?cursor=&limit=`      → `{ data, meta: { next_cursor } }` (keyset cursor)
 * - `/{c}/link?page=&per_page=`       → an array, `Link: <…>; rel="next"`
 * - `/{c}/pages?page=&per_page=`      → `{ items, total_pages }`
 * - `/{c}/offset?offset=&limit=`      → `{ results, total }`
 * - `/{c}/all`                        → an array, with `ETag` / `If-None-Match`
 * - `/{c}/deleted?since=`             → `{ deleted: [{ id, deleted_at }] }`
 */
export class FakeApiServer {
  /** Every request received, in order. */
  readonly requests: SeenRequest[] = [];
  private readonly collections = new Map<string, Map<string, FakeRecord>>();
  private readonly deletions = new Map<string, { id: string; deleted_at: string }[]>();
  private readonly faults: QueuedFault[] = [];
  private readonly hooks: ((request: SeenRequest, index: number) => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:<port>` */
    readonly url: string,
    private readonly token: string | undefined,
  ) {}

  /** Starts a server; with `token`, every request must carry `Authorization: Bearer <token>`. */
  static async start(options: { token?: string } = {}): Promise<FakeApiServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const api = new FakeApiServer(server, `http://127.0.0.1:${port}`, options.token);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => api.handle(req, res));
    return api;
  }

  /** Adds or replaces records. */
  put(collection: string, ...records: FakeRecord[]): void {
    const map = this.collection(collection);
    for (const record of records) map.set(record.id, structuredClone(record));
  }

  /** Removes a record, noting when for the `deleted` listing. */
  remove(collection: string, id: string, deletedAt: string): void {
    this.collection(collection).delete(id);
    const log = this.deletions.get(collection) ?? [];
    log.push({ id, deleted_at: deletedAt });
    this.deletions.set(collection, log);
  }

  /** The records of a collection by id, as a mirror of it should hold them. */
  data(
    collection: string,
    keep: (record: FakeRecord) => boolean = () => true,
  ): Record<string, FakeRecord> {
    const result: Record<string, FakeRecord> = {};
    for (const record of this.sorted(collection, 'updated'))
      if (keep(record)) result[record.id] = record;
    return result;
  }

  /** Serves `fault` instead of the next `times` requests (to paths starting with `path`). */
  fail(fault: Fault, options: { times?: number; path?: string } = {}): void {
    this.faults.push({ fault, times: options.times ?? 1, path: options.path });
  }

  /** Runs `hook` before each request is served, e.g. to change data between two pages. */
  onRequest(hook: (request: SeenRequest, index: number) => void): void {
    this.hooks.push(hook);
  }

  /** Requests whose path starts with `prefix`. */
  requestsTo(prefix: string): SeenRequest[] {
    return this.requests.filter((request) => request.path.startsWith(prefix));
  }

  /** Stops the server, cutting open connections and pending slow answers. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const request: SeenRequest = {
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      target: req.url ?? '',
    };
    this.requests.push(request);
    for (const hook of this.hooks) hook(request, this.requests.length - 1);
    const fault = this.takeFault(request.path);
    if (fault !== undefined)
      return this.serveFault(fault, req, res, () => this.serve(request, res));
    this.serve(request, res);
  }

  private serve(request: SeenRequest, res: ServerResponse): void {
    if (this.token !== undefined && request.headers.authorization !== `Bearer ${this.token}`) {
      return this.json(res, 401, { error: 'unauthorized' });
    }
    const [, collection = '', style = ''] = request.path.split('/');
    if (style === 'deleted') return this.serveDeleted(collection, request, res);
    if (style === 'all') return this.serveAll(collection, request, res);
    const items = this.listing(collection, request.query);
    const listing = this.paged(style, items, request, res);
    if (listing === undefined) return this.json(res, 404, { error: `no route ${request.path}` });
    listing.next({}, res);
  }

  private paged(
    style: string,
    items: FakeRecord[],
    request: SeenRequest,
    res: ServerResponse,
  ): Listing | undefined {
    const q = request.query;
    const number = (name: string, fallback: number): number => Number(q.get(name) ?? fallback);
    switch (style) {
      case 'cursor': {
        // A keyset cursor on the listing's own order, as real APIs do.
        const key = q.get('sort') === 'id' ? (r: FakeRecord) => r.id : keyOf;
        const limit = number('limit', 2);
        const after = q.get('cursor');
        const start =
          after === null
            ? 0
            : items.findIndex((r) => key(r) > Buffer.from(after, 'base64url').toString());
        const page = start < 0 ? [] : items.slice(start, start + limit);
        const last = page[page.length - 1];
        const more = start >= 0 && start + limit < items.length && last !== undefined;
        const next = more ? Buffer.from(key(last)).toString('base64url') : null;
        return {
          items: page,
          next: () => this.json(res, 200, { data: page, meta: { next_cursor: next } }),
        };
      }
      case 'link': {
        const page = number('page', 1);
        const size = number('per_page', 2);
        const slice = items.slice((page - 1) * size, page * size);
        const headers: Record<string, string> = {};
        if (page * size < items.length) {
          const next = new URL(request.target, this.url);
          next.searchParams.set('page', String(page + 1));
          headers.link = `<${next.pathname}${next.search}>; rel="next", <${this.url}/x>; rel="first"`;
        }
        return { items: slice, next: () => this.json(res, 200, slice, headers) };
      }
      case 'pages': {
        const page = number('page', 1);
        const size = number('per_page', 2);
        const slice = items.slice((page - 1) * size, page * size);
        const totalPages = Math.ceil(items.length / size);
        return {
          items: slice,
          next: () => this.json(res, 200, { items: slice, total_pages: totalPages }),
        };
      }
      case 'offset': {
        const offset = number('offset', 0);
        const slice = items.slice(offset, offset + number('limit', 2));
        return {
          items: slice,
          next: () => this.json(res, 200, { results: slice, total: items.length }),
        };
      }
      default:
        return undefined;
    }
  }

  private serveAll(collection: string, request: SeenRequest, res: ServerResponse): void {
    const items = this.listing(collection, request.query);
    const etag = `"${Buffer.from(JSON.stringify(items)).toString('base64url').slice(-16)}-${items.length}"`;
    if (request.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    this.json(res, 200, items, { etag });
  }

  private serveDeleted(collection: string, request: SeenRequest, res: ServerResponse): void {
    const since = request.query.get('since');
    const deleted = (this.deletions.get(collection) ?? []).filter(
      (entry) => since === null || entry.deleted_at >= since,
    );
    this.json(res, 200, { deleted });
  }

  private listing(collection: string, query: URLSearchParams): FakeRecord[] {
    const since = query.get('updated_since');
    const sort = query.get('sort') === 'id' ? 'id' : 'updated';
    return this.sorted(collection, sort).filter(
      (record) => since === null || record.updated_at >= since,
    );
  }

  private sorted(collection: string, sort: 'id' | 'updated'): FakeRecord[] {
    const items = [...this.collection(collection).values()].map((record) =>
      structuredClone(record),
    );
    const key = sort === 'id' ? (r: FakeRecord) => r.id : keyOf;
    return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }

  private collection(name: string): Map<string, FakeRecord> {
    let map = this.collections.get(name);
    if (map === undefined) this.collections.set(name, (map = new Map()));
    return map;
  }

  private takeFault(path: string): Fault | undefined {
    const queued = this.faults.find(
      (entry) => entry.path === undefined || path.startsWith(entry.path),
    );
    if (queued === undefined) return undefined;
    queued.times -= 1;
    if (queued.times <= 0) this.faults.splice(this.faults.indexOf(queued), 1);
    return queued.fault;
  }

  private serveFault(
    fault: Fault,
    req: IncomingMessage,
    res: ServerResponse,
    serve: () => void,
  ): void {
    switch (fault.kind) {
      case 'status': {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
        res.writeHead(fault.status, headers);
        res.end(fault.body ?? JSON.stringify({ error: `injected ${fault.status}` }));
        return;
      }
      case 'slow':
        return this.later(fault.ms, serve);
      case 'slow-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[');
        return this.later(fault.ms, () => res.end(']'));
      case 'reset':
        req.socket.destroy();
        return;
      case 'reset-mid-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"data": [');
        return this.later(5, () => req.socket.destroy());
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(fault.body);
        return;
    }
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  private json(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}

/** Sort key of the `updated` order: time, then id. */
function keyOf(record: FakeRecord): string {
  return `${record.updated_at}|${record.id}`;
}
