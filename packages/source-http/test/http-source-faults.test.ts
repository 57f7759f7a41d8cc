import { SyncFailedError } from '@oxide-mirror/core';
import { HttpSourceError } from '@oxide-mirror/source-http';
import {
  SECRET,
  duplicateEvents,
  everythingStored,
  makeRecords,
  messagesOf,
  mirrorOf,
  rejectionOf,
  startHarness,
  type Harness,
} from './harness';
import { listings } from './resources';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  h.server.put('contacts', ...makeRecords(6));
});

afterEach(async () => {
  await h.close();
});

async function expectMirrorEqualsServer(): Promise<void> {
  expect(await mirrorOf(h.store, 'contacts')).toEqual(h.server.data('contacts'));
  expect(await duplicateEvents(h.store)).toEqual([]);
}

/** Asserts that `error` is a failed sync whose messages leak no credential, and returns its cause. */
function failedSync(error: Error): HttpSourceError {
  expect(error).toBeInstanceOf(SyncFailedError);
  expect(messagesOf(error)).not.toContain(SECRET);
  const cause = (error as SyncFailedError).cause;
  expect(cause).toBeInstanceOf(HttpSourceError);
  return cause as HttpSourceError;
}

describe('HttpSource under injected faults', () => {
  it('retries 500s with exponential backoff and ends with the full mirror', async () => {
    h.server.fail({ kind: 'status', status: 500 }, { times: 2, path: '/contacts' });
    await h.syncer.syncWith(h.source([listings.cursor()]));
    // Equal jitter with random() = 0.5: three quarters of 4 ms, then of 8 ms.
    expect(h.time.sleeps).toEqual([3, 6]);
    await expectMirrorEqualsServer();
  });

  it('honours 429 with Retry-After before asking again', async () => {
    h.server.onRequest((_request, index) => {
      if (index === 1) h.server.fail({ kind: 'status', status: 429, retryAfter: '2' });
    });
    await h.syncer.syncWith(h.source([listings.offset()]));
    expect(h.time.sleeps).toEqual([2000]);
    await expectMirrorEqualsServer();
  });

  it('ends as partial when Retry-After asks for longer than allowed, and resumes next run', async () => {
    h.server.onRequest((_request, index) => {
      if (index === 1) h.server.fail({ kind: 'status', status: 429, retryAfter: '86400' });
    });
    const source = h.source([listings.cursor()]);
    const error = await rejectionOf(h.syncer.syncWith(source));
    const cause = failedSync(error);
    expect(cause.reason).toBe('rate-limited');
    expect(cause.message).toMatch(/Retry-After asks for 86400 s/);
    expect((error as SyncFailedError).report.pages).toBe(1);
    expect(Object.keys(await mirrorOf(h.store, 'contacts'))).toEqual(['r1', 'r2']);
    await h.syncer.syncWith(source);
    await expectMirrorEqualsServer();
  });

  it('retries a response slower than the timeout', async () => {
    h.server.fail({ kind: 'slow', ms: 30_000 }, { path: '/contacts' });
    await h.syncer.syncWith(h.source([listings.cursor()], { timeoutMs: 1000 }));
    expect(h.server.requests.length).toBe(4);
    await expectMirrorEqualsServer();
  });

  it('times out a body that stalls after the headers', async () => {
    h.server.fail({ kind: 'slow-body', ms: 30_000 }, { path: '/contacts' });
    await h.syncer.syncWith(h.source([listings.link()], { timeoutMs: 1000 }));
    await expectMirrorEqualsServer();
  });

  it.each([['reset' as const], ['reset-mid-body' as const]])(
    'retries after a connection %s',
    async (kind) => {
      h.server.onRequest((_request, index) => {
        if (index === 1) h.server.fail({ kind });
      });
      await h.syncer.syncWith(h.source([listings.cursor()]));
      expect(h.server.requests.length).toBe(4);
      await expectMirrorEqualsServer();
    },
  );

  it('fails on malformed JSON naming the URL and the problem, then a rerun completes', async () => {
    h.server.onRequest((_request, index) => {
      if (index === 1) h.server.fail({ kind: 'malformed', body: '{"data": [ {"id": "r3", ' });
    });
    const source = h.source([listings.cursor()]);
    const cause = failedSync(await rejectionOf(h.syncer.syncWith(source)));
    expect(cause.reason).toBe('malformed');
    expect(cause.message).toContain(`GET ${h.server.url}/contacts/cursor?limit=2&cursor=`);
    expect(cause.message).toMatch(/malformed JSON: /);
    expect(h.server.requests.length).toBe(2);
    await h.syncer.syncWith(source);
    await expectMirrorEqualsServer();
  });

  it('fails on a body without the records array, saying where it looked', async () => {
    h.server.fail({ kind: 'malformed', body: '{"items": []}' });
    const cause = failedSync(await rejectionOf(h.syncer.syncWith(h.source([listings.cursor()]))));
    expect(cause.message).toMatch(
      /contacts\/cursor\?limit=2: expected an array of records at 'data', got nothing/,
    );
  });

  it('sets a record without an id aside, naming the record and the field, and syncs the rest', async () => {
    h.server.put('contacts', { id: '', updated_at: '2024-01-01T00:00:00Z' }, ...makeRecords(2));
    const report = await h.syncer.syncWith(h.source([listings.cursor()]));
    // r1 and r2 replace two of the six records every test starts with.
    expect(report.applied).toBe(6);
    const rejects = await h.store.listRejects();
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ kind: 'record', resource: 'contacts', recordId: null });
    expect(rejects[0]?.reason).toMatch(/record #0 has no id at 'id' \(got ""\)/);
  });

  it('sets a record with an unreadable update time aside, naming the field', async () => {
    h.server.put('contacts', { id: 'bad', updated_at: 'yesterday-ish' }, ...makeRecords(1));
    const report = await h.syncer.syncWith(h.source([listings.cursor()]));
    expect(report.applied).toBe(6);
    const rejects = await h.store.listRejects();
    expect(rejects).toMatchObject([{ recordId: 'bad', resource: 'contacts' }]);
    expect(rejects[0]?.reason).toMatch(/record #0 \(id bad\): updated_at is not a time/);
    expect(JSON.parse(rejects[0]?.raw ?? '')).toEqual({ id: 'bad', updated_at: 'yesterday-ish' });
  });

  it('keeps every page before a persistent failure and resumes at the failed page', async () => {
    h.server.onRequest((_request, index) => {
      if (index === 2) h.server.fail({ kind: 'status', status: 503 }, { times: 3 });
    });
    const source = h.source([listings.cursor()]);
    const error = await rejectionOf(h.syncer.syncWith(source));
    const cause = failedSync(error);
    expect(cause.status).toBe(503);
    expect(cause.attempts).toBe(3);
    expect(cause.message).toMatch(/HTTP 503 Service Unavailable.*\(gave up after 3 attempts\)/);
    expect((error as SyncFailedError).report.pulled).toBe(4);
    const failedUrl = h.server.requests[2]?.target;
    h.server.requests.length = 0;
    await h.syncer.syncWith(source);
    expect(h.server.requests[0]?.target).toBe(failedUrl);
    await expectMirrorEqualsServer();
    expect(await everythingStored(h.store)).not.toContain(SECRET);
  });

  it.each([
    ['a cursor listing', listings.cursor({ incremental: { param: 'updated_since' } })],
    [
      'a seek offset listing',
      listings.offset({ incremental: { param: 'updated_since', seek: true } }),
    ],
  ])(
    'neither loses nor duplicates equal timestamps across a failed page boundary (%s)',
    async (_name, resource) => {
      h.server.put(
        'contacts',
        ...makeRecords(5, { prefix: 'same', start: '2024-03-01T10:02:00Z', sameTime: true }),
      );
      h.server.onRequest((_request, index) => {
        if (index === 2) h.server.fail({ kind: 'status', status: 500 }, { times: 3 });
      });
      const source = h.source([resource]);
      await expect(h.syncer.syncWith(source)).rejects.toBeInstanceOf(SyncFailedError);
      await h.syncer.syncWith(source);
      await expectMirrorEqualsServer();
      expect(await h.store.eventCount('contacts')).toBe(11);
    },
  );

  it('does not retry a 404 and shows the body excerpt', async () => {
    h.server.fail({ kind: 'status', status: 404, body: '{"error":"no such list"}' });
    const cause = failedSync(await rejectionOf(h.syncer.syncWith(h.source([listings.cursor()]))));
    expect(cause.message).toMatch(/HTTP 404 Not Found: \{"error":"no such list"\}$/);
    expect(h.server.requests.length).toBe(1);
  });

  it('ends as partial once the per-sync request budget is spent, then resumes', async () => {
    const source = h.source([listings.cursor()], { maxRequestsPerSync: 2 });
    const cause = failedSync(await rejectionOf(h.syncer.syncWith(source)));
    expect(cause.reason).toBe('budget');
    expect(Object.keys(await mirrorOf(h.store, 'contacts'))).toHaveLength(4);
    await h.syncer.syncWith(source);
    await expectMirrorEqualsServer();
  });

  it('paces requests to the configured rate', async () => {
    await h.syncer.syncWith(
      h.source([listings.cursor()], { rateLimit: { requestsPerSecond: 10 } }),
    );
    expect(h.time.sleeps).toEqual([100, 100]);
    await expectMirrorEqualsServer();
  });

  it('stops a pull when its signal aborts, with the signal reason', async () => {
    h.server.fail({ kind: 'slow', ms: 30_000 });
    const controller = new AbortController();
    const pull = h
      .source([listings.cursor()])
      .pull(undefined, { signal: controller.signal, page: 1 });
    const reason = new Error('stopped by the operator');
    setImmediate(() => controller.abort(reason));
    await expect(pull).rejects.toBe(reason);
  });

  it('redacts a credential sent as a query parameter from errors and cursors', async () => {
    const source = h.source(
      [listings.link()],
      { headers: { Authorization: `Bearer ${SECRET}` }, query: { api_key: '{env:API_KEY}' } },
      {
        env: { API_KEY: 'key-Zz81-query-secret' },
      },
    );
    h.server.onRequest((_request, index) => {
      if (index === 1)
        h.server.fail({ kind: 'status', status: 400, body: 'bad key key-Zz81-query-secret' });
    });
    const error = await rejectionOf(h.syncer.syncWith(source));
    expect(h.server.requests.map((request) => request.query.get('api_key'))).toEqual([
      'key-Zz81-query-secret',
      'key-Zz81-query-secret',
    ]);
    const text = messagesOf(error);
    expect(text).toContain('api_key=***');
    expect(text).not.toContain('key-Zz81-query-secret');
    expect(await everythingStored(h.store)).not.toContain('key-Zz81');
  });
});
