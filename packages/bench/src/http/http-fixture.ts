import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The listings a fixture server serves. */
export interface HttpFixtureSpec {
  /** Listings, served at `/items0`, `/items1`, … */
  resources: number;
  /** Records per listing. */
  recordsPerResource: number;
  /** Records per page. */
  pageSize: number;
  /** Delay before each page is answered, in milliseconds. */
  latencyMs: number;
}

/** A fixture server on loopback. */
export interface HttpFixture {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The listing paths, e.g. `/items0`. */
  paths: string[];
  /** Bytes of JSON of all records served, each record on its own: the raw payload. */
  payloadBytes: number;
  close(): Promise<void>;
}

/** Filler that brings a record to about 430 bytes of JSON, the size measured in TOOLCHAIN.md. */
const FILLER = 'lorem ipsum dolor sit amet '.repeat(12);

/** Record `i` of listing `resource`. */
function fixtureRecord(resource: number, i: number): object {
  return {
    id: `r${resource}-${i}`,
    updated_at: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
    name: `record ${i} of listing ${resource}`,
    amount: i * 7,
    tags: ['bench', `listing-${resource}`],
    note: FILLER,
  };
}

/** Bytes of JSON of every record the fixture serves, each serialized on its own. */
export function fixturePayloadBytes(spec: HttpFixtureSpec): number {
  let bytes = 0;
  for (let resource = 0; resource < spec.resources; resource++) {
    for (let i = 0; i < spec.recordsPerResource; i++) {
      bytes += Buffer.byteLength(JSON.stringify(fixtureRecord(resource, i)));
    }
  }
  return bytes;
}

/** Page `page` (from 1) of listing `resource`: `{ data, next_page }`, as JSON text. */
export function fixturePage(spec: HttpFixtureSpec, resource: number, page: number): string {
  const first = (page - 1) * spec.pageSize;
  const last = Math.min(spec.recordsPerResource, first + spec.pageSize);
  const data = [];
  for (let i = first; i < last; i++) data.push(fixtureRecord(resource, i));
  const next = last < spec.recordsPerResource ? page + 1 : null;
  return JSON.stringify({ data, next_page: next });
}

/** A fixture page as a hand-written client reads it. */
export interface FixturePageBody {
  data: { id: string }[];
  next_page: number | null;
}

/**
 * Fetches page `page` of the listing at `path` from the fixture at `url` and parses it with
 * `JSON.parse`: the request the bare loops make, so that they make the same one.
 */
export async function fetchFixturePage(
  url: string,
  path: string,
  page: number,
): Promise<FixturePageBody> {
  const response = await fetch(`${url}${path}?page=${page}`);
  return JSON.parse(await response.text()) as FixturePageBody;
}

/**
 * Starts a server answering `GET /items{r}?page=N` with {@link fixturePage}, each answer after
 * `latencyMs`. Every page is rendered before the server listens, so the server's own work stays
 * out of every run's way, the first run's included.
 */
export async function startFixture(spec: HttpFixtureSpec): Promise<HttpFixture> {
  const rendered = new Map<string, Buffer>();
  const pages = Math.ceil(spec.recordsPerResource / spec.pageSize);
  for (let resource = 0; resource < spec.resources; resource++) {
    for (let page = 1; page <= pages; page++) {
      rendered.set(`${resource}/${page}`, Buffer.from(fixturePage(spec, resource, page)));
    }
  }
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const resource = Number(/^\/items(\d+)$/.exec(url.pathname)?.[1] ?? Number.NaN);
    if (!(resource >= 0 && resource < spec.resources)) {
      res.writeHead(404).end();
      return;
    }
    const page = Number(url.searchParams.get('page') ?? '1');
    const key = `${resource}/${page}`;
    // A page past the end is rendered on the spot: empty, with no next page.
    const body = rendered.get(key) ?? Buffer.from(fixturePage(spec, resource, page));
    const answer = (): void => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    };
    if (spec.latencyMs > 0) setTimeout(answer, spec.latencyMs);
    else answer();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths: Array.from({ length: spec.resources }, (_, i) => `/items${i}`),
    payloadBytes: fixturePayloadBytes(spec),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
