import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { COMPANIES, CONTACTS, INVOICES, TICKETS, type DemoRecord } from './demo-data';

/** A running demo server. */
export interface DemoServer {
  /** Base URL, e.g. `http://127.0.0.1:49152`. */
  url: string;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

/** Records per page; small, so that the demo pages through every listing. */
const PAGE_SIZE = 3;

type Handler = (
  query: URLSearchParams,
  base: string,
) => { body: unknown; headers?: Record<string, string> };

/**
 * The three demo services on one local HTTP server, each paginated the way a different kind of
 * real API is, so the demo exercises each of source-http's paginators:
 * - CRM `GET /crm/companies?offset&limit` (offset) and `GET /crm/contacts?page&per_page` (page number);
 * - help desk `GET /helpdesk/tickets?cursor` (a next cursor in the body);
 * - billing `GET /billing/invoices?page` (a `Link` header).
 */
const ROUTES: Readonly<Record<string, Handler>> = {
  '/crm/companies': (query) => {
    const offset = Number(query.get('offset') ?? 0);
    const limit = Number(query.get('limit') ?? PAGE_SIZE);
    return {
      body: { companies: COMPANIES.slice(offset, offset + limit), total: COMPANIES.length },
    };
  },
  '/crm/contacts': (query) => {
    const page = Number(query.get('page') ?? 1);
    const size = Number(query.get('per_page') ?? PAGE_SIZE);
    const totalPages = Math.ceil(CONTACTS.length / size);
    return {
      body: { data: CONTACTS.slice((page - 1) * size, page * size), total_pages: totalPages },
    };
  },
  '/helpdesk/tickets': (query) => {
    const start = Number(query.get('cursor') ?? 0);
    const end = start + PAGE_SIZE;
    const next = end < TICKETS.length ? String(end) : null;
    return { body: { tickets: TICKETS.slice(start, end), meta: { next_cursor: next } } };
  },
  '/billing/invoices': (query, base) => {
    const page = Number(query.get('page') ?? 1);
    const records: DemoRecord[] = INVOICES.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const headers: Record<string, string> = {};
    if (page * PAGE_SIZE < INVOICES.length) {
      headers.Link = `<${base}/billing/invoices?page=${page + 1}>; rel="next"`;
    }
    return { body: records, headers };
  },
};

/** Starts the demo services on a free port of 127.0.0.1. */
export async function startDemoServer(): Promise<DemoServer> {
  let base = '';
  const server = createServer((request, response) => respond(request, response, base));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function respond(request: IncomingMessage, response: ServerResponse, base: string): void {
  const url = new URL(request.url ?? '/', base);
  const handler = request.method === 'GET' ? ROUTES[url.pathname] : undefined;
  if (handler === undefined) {
    send(response, 404, { error: `no route ${request.method ?? ''} ${url.pathname}` });
    return;
  }
  const { body, headers } = handler(url.searchParams, base);
  send(response, 200, body, headers);
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}
