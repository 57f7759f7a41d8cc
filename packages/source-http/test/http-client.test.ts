import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  HttpClient,
  HttpSourceError,
  RateLimiter,
  SecretRedactor,
} from '@oxide-mirror/source-http';
import { FakeApiServer } from './fake-api-server';
import { FakeTime } from './fake-time';
import { makeRecords, rejectionOf } from './harness';

const TOKEN = 'client-token-Qx81';

let api: FakeApiServer;
let time: FakeTime;

beforeEach(async () => {
  api = await FakeApiServer.start({ token: TOKEN });
  api.put('items', ...makeRecords(3));
  time = new FakeTime();
});

afterEach(async () => {
  await api.close();
});

function client(options: ConstructorParameters<typeof HttpClient>[0] = {}): HttpClient {
  return new HttpClient({
    headers: { authorization: `Bearer ${TOKEN}` },
    redactor: new SecretRedactor([TOKEN]),
    retry: { maxAttempts: 3, baseDelayMs: 8 },
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0,
    ...options,
  });
}

describe('HttpClient', () => {
  it('returns the parsed body, status, headers and ETag', async () => {
    const response = await client().getJson(`${api.url}/items/all`);
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(3);
    expect(response.etag).toMatch(/^".*"$/);
    expect(response.attempts).toBe(1);
    expect(response.notModified).toBe(false);
  });

  it('reports 304 as notModified when the ETag still matches', async () => {
    const first = await client().getJson(`${api.url}/items/all`);
    const second = await client().getJson(`${api.url}/items/all`, {
      ifNoneMatch: first.etag as string,
    });
    expect(second).toMatchObject({ status: 304, notModified: true, body: undefined });
  });

  it('retries with backoff and counts attempts', async () => {
    api.fail({ kind: 'status', status: 502 }, { times: 2 });
    const response = await client().getJson(`${api.url}/items/all`);
    expect(response.attempts).toBe(3);
    expect(time.sleeps).toEqual([4, 8]);
  });

  it('waits for an HTTP-date Retry-After by the injected clock', async () => {
    api.fail({ kind: 'status', status: 503, retryAfter: 'Tue, 01 Jan 2030 00:00:07 GMT' });
    await client().getJson(`${api.url}/items/all`);
    expect(time.sleeps).toEqual([7000]);
  });

  it('backs off on 429 without Retry-After, and gives up after the last attempt', async () => {
    api.fail({ kind: 'status', status: 429 }, { times: 3 });
    const error = await rejectionOf(client().getJson(`${api.url}/items/all`));
    expect(error).toBeInstanceOf(HttpSourceError);
    expect(error).toMatchObject({ reason: 'rate-limited', status: 429, attempts: 3 });
    expect(time.sleeps).toEqual([4, 8]);
  });

  it('adds default query parameters and hides them in errors', async () => {
    api.fail({ kind: 'status', status: 400 });
    const keyed = client({
      query: { key: 'query-key-Mm3' },
      redactor: new SecretRedactor([TOKEN, 'query-key-Mm3']),
    });
    const error = await rejectionOf(keyed.getJson(`${api.url}/items/all?x=1`));
    expect(api.requests[0]?.query.get('key')).toBe('query-key-Mm3');
    expect(error.message).toBe(
      `GET ${api.url}/items/all?x=1&key=***: HTTP 400 Bad Request: {"error":"injected 400"}`,
    );
  });

  it('redacts a secret the server echoes into an error body or a JSON parse message', async () => {
    api.fail({ kind: 'malformed', body: `oops ${TOKEN}` });
    const error = await rejectionOf(client().getJson(`${api.url}/items/all`));
    expect(error.message).toMatch(/malformed JSON: /);
    expect(error.message).not.toContain(TOKEN);
  });

  it('calls an empty body malformed', async () => {
    api.fail({ kind: 'malformed', body: '' });
    await expect(client().getJson(`${api.url}/items/all`)).rejects.toThrow(
      /malformed JSON: the body is empty/,
    );
  });

  it('stops waiting between attempts when the signal aborts', async () => {
    api.fail({ kind: 'status', status: 500 }, { times: 3 });
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const sleepy = client({
      sleep: async (_ms, signal) => {
        controller.abort(reason);
        signal?.throwIfAborted();
      },
    });
    await expect(
      sleepy.getJson(`${api.url}/items/all`, { signal: controller.signal }),
    ).rejects.toBe(reason);
    expect(api.requests).toHaveLength(1);
  });

  it('uses a shared rate limiter', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 20 }, time.clock, time.sleep);
    await client({ rateLimiter: limiter }).getJson(`${api.url}/items/all`);
    await client({ rateLimiter: limiter }).getJson(`${api.url}/items/all`);
    expect(time.sleeps).toEqual([50]);
  });
});

describe('HttpClient redirects', () => {
  let server: Server;
  let base: string;

  beforeEach(async () => {
    server = createServer((req, res) => {
      if (req.url === '/same') res.writeHead(302, { location: '/target' }).end();
      else if (req.url === '/away')
        res.writeHead(307, { location: 'https://elsewhere.example.org/x' }).end();
      else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
      else
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ auth: req.headers.authorization }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('follows a same-origin redirect with the credentials', async () => {
    const response = await client().getJson(`${base}/same`);
    // The echoed credential proves it was sent; it comes back redacted.
    expect(response.body).toEqual({ auth: 'Bearer ***' });
  });

  it('refuses to follow a redirect to another origin', async () => {
    const error = await rejectionOf(client().getJson(`${base}/away`));
    expect(error).toMatchObject({ reason: 'unsafe', status: 307 });
    expect(error.message).toMatch(
      /redirected to another origin \(https:\/\/elsewhere\.example\.org\)/,
    );
  });

  it('gives up on a redirect loop', async () => {
    await expect(client({ maxRedirects: 3 }).getJson(`${base}/loop`)).rejects.toThrow(
      /more than 3 redirects/,
    );
  });
});

describe('HttpClient reading a body in pieces', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    // A byte-order mark, then JSON whose multi-byte characters are cut between writes.
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify({ name: 'Zoë ✓ 😀', items: ['ü'.repeat(5000)] })),
    ]);
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      let offset = 0;
      const writeNext = (): void => {
        if (offset >= bytes.length) {
          response.end();
          return;
        }
        response.write(bytes.subarray(offset, offset + 7));
        offset += 7;
        setImmediate(writeNext);
      };
      writeNext();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('decodes characters split across chunks and drops a leading byte-order mark', async () => {
    const response = await client().getJson(`${base}/pieces`);
    expect(response.body).toEqual({ name: 'Zoë ✓ 😀', items: ['ü'.repeat(5000)] });
  });
});
