import { SyncFailedError } from '@oxide-mirror/core';
import { HttpSource } from '@oxide-mirror/source-http';
import {
  SECRET,
  duplicateEvents,
  everythingStored,
  makeRecords,
  mirrorOf,
  startHarness,
  type Harness,
} from './harness';
import { listings } from './resources';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

/** The mirror holds exactly the server's records, each event once. */
async function expectMirrorEqualsServer(
  resource = 'contacts',
  collection = 'contacts',
): Promise<void> {
  expect(await mirrorOf(h.store, resource)).toEqual(h.server.data(collection));
  expect(await duplicateEvents(h.store)).toEqual([]);
}

describe('HttpSource pagination', () => {
  it.each(Object.keys(listings) as (keyof typeof listings)[])(
    'mirrors every page of a %s listing',
    async (style) => {
      h.server.put('contacts', ...makeRecords(7));
      const report = await h.syncer.syncWith(h.source([listings[style]()]));
      expect(report.pulled).toBe(7);
      expect(report.applied).toBe(7);
      await expectMirrorEqualsServer();
    },
  );

  it('sends the credential from the environment and stores it nowhere', async () => {
    h.server.put('contacts', ...makeRecords(3));
    await h.syncer.syncWith(h.source([listings.cursor()]));
    expect(
      h.server.requests.every((request) => request.headers.authorization === `Bearer ${SECRET}`),
    ).toBe(true);
    expect(await everythingStored(h.store)).not.toContain(SECRET);
  });

  it('syncs several resources in one sync, one after the other', async () => {
    h.server.put('contacts', ...makeRecords(3));
    h.server.put('deals', ...makeRecords(4, { prefix: 'd' }));
    const deals = { ...listings.offset(), name: 'deals', path: '/deals/offset' };
    const report = await h.syncer.syncWith(h.source([listings.cursor(), deals]));
    expect(report.perResource).toEqual({
      contacts: { pulled: 3, applied: 3, skipped: 0, rejected: 0 },
      deals: { pulled: 4, applied: 4, skipped: 0, rejected: 0 },
    });
    await expectMirrorEqualsServer();
    await expectMirrorEqualsServer('deals', 'deals');
  });

  it('gets through a run of empty resources without tripping the empty-page guard', async () => {
    const empty = ['a', 'b', 'c', 'd', 'e'].map((name) => ({
      ...listings.offset(),
      name,
      path: `/${name}/offset`,
    }));
    h.server.put('contacts', ...makeRecords(2));
    const report = await h.syncer.syncWith(h.source([...empty, listings.cursor()]));
    expect(report.pulled).toBe(2);
    await expectMirrorEqualsServer();
  });

  it('refuses a Link header that points to another origin', async () => {
    h.server.put('contacts', ...makeRecords(3));
    const source = h.source(
      [listings.link()],
      {},
      {
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          const headers = new Headers(response.headers);
          headers.set('link', '<https://evil.example.com/steal?page=2>; rel="next"');
          return new Response(await response.text(), { status: response.status, headers });
        },
      },
    );
    const error = await h.syncer.syncWith(source).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncFailedError);
    expect((error as Error).message).toMatch(/another origin \(https:\/\/evil\.example\.com\)/);
  });
});

describe('HttpSource incremental sync', () => {
  const incremental = { param: 'updated_since' };

  it('asks only for records updated since the newest mirrored one, inclusively', async () => {
    h.server.put('contacts', ...makeRecords(5));
    const source = h.source([listings.cursor({ incremental })]);
    await h.syncer.syncWith(source);
    h.server.requests.length = 0;
    h.server.put('contacts', { id: 'r2', updated_at: '2024-03-02T00:00:00.000Z', name: 'changed' });
    h.server.put('contacts', { id: 'r9', updated_at: '2024-03-02T00:00:00.000Z', name: 'new' });
    const report = await h.syncer.syncWith(source);
    const bounds = h.server.requests.map((request) => request.query.get('updated_since'));
    expect(bounds[0]).toBe('2024-03-01T10:04:00.000Z');
    expect(report.applied).toBe(2);
    await expectMirrorEqualsServer();
  });

  it('picks up a late record that shares the watermark time (inclusive lower bound)', async () => {
    h.server.put('contacts', ...makeRecords(4, { sameTime: true }));
    const source = h.source([listings.cursor({ incremental })]);
    await h.syncer.syncWith(source);
    h.server.put('contacts', {
      id: 'late',
      updated_at: '2024-03-01T10:00:00.000Z',
      name: 'same time',
    });
    await h.syncer.syncWith(source);
    expect(Object.keys(await mirrorOf(h.store, 'contacts'))).toContain('late');
    await expectMirrorEqualsServer();
  });

  it('reaches back by the overlap window for APIs whose timestamps lag', async () => {
    h.server.put('contacts', ...makeRecords(3));
    const source = h.source([
      listings.cursor({ incremental: { ...incremental, overlapMs: 60_000 } }),
    ]);
    await h.syncer.syncWith(source);
    h.server.requests.length = 0;
    await h.syncer.syncWith(source);
    expect(h.server.requests[0]?.query.get('updated_since')).toBe('2024-03-01T10:01:00.000Z');
    await expectMirrorEqualsServer();
  });

  it('writes the bound as Unix seconds when the API counts time that way', async () => {
    h.server.put('contacts', ...makeRecords(2));
    const source = h.source([
      listings.cursor({ incremental, timeFormat: 'unix-seconds', updatedAtField: 'epoch' }),
    ]);
    h.server.put(
      'contacts',
      ...makeRecords(2).map((r) => ({ ...r, epoch: Date.parse(r.updated_at) / 1000 })),
    );
    await h.syncer.syncWith(source);
    h.server.requests.length = 0;
    await h.syncer.syncWith(source).catch(() => undefined);
    expect(h.server.requests[0]?.query.get('updated_since')).toBe(
      String(Date.parse('2024-03-01T10:01:00Z') / 1000),
    );
  });

  it('does not lose a record updated between two page requests (seek, offset pages)', async () => {
    h.server.put('contacts', ...makeRecords(6));
    h.server.onRequest((request, index) => {
      // After page 1 (r1, r2) was served, r1 changes: every later offset shifts down by one.
      if (index === 1)
        h.server.put('contacts', {
          id: 'r1',
          updated_at: '2024-03-05T00:00:00.000Z',
          name: 'moved',
        });
    });
    await h.syncer.syncWith(
      h.source([listings.offset({ incremental: { ...incremental, seek: true } })]),
    );
    await expectMirrorEqualsServer();
  });

  it('catches a record updated behind an id-ordered cursor with a second pass', async () => {
    h.server.put('contacts', ...makeRecords(6));
    h.server.onRequest((request, index) => {
      if (index === 1)
        h.server.put('contacts', {
          id: 'r1',
          updated_at: '2024-03-05T00:00:00.000Z',
          name: 'changed',
        });
    });
    const resource = listings.cursor({ query: { limit: '2', sort: 'id' }, incremental });
    await h.syncer.syncWith(h.source([resource]));
    expect((await mirrorOf(h.store, 'contacts')).r1).toMatchObject({ name: 'changed' });
    await expectMirrorEqualsServer();
  });

  it('pages through more records sharing one time than fit on a page (seek)', async () => {
    h.server.put(
      'contacts',
      ...makeRecords(5, { sameTime: true }),
      ...makeRecords(2, { prefix: 'z', start: '2024-04-01T00:00:00Z' }),
    );
    const source = h.source([listings.offset({ incremental: { ...incremental, seek: true } })]);
    await h.syncer.syncWith(source);
    await expectMirrorEqualsServer();
    await h.syncer.syncWith(source);
    await expectMirrorEqualsServer();
  });
});

describe('HttpSource ETag revalidation', () => {
  const all = {
    name: 'contacts',
    path: '/contacts/all',
    idField: 'id',
    updatedAtField: 'updated_at',
    etag: true,
  };

  it('skips an unchanged listing on a 304 and reads it again once it changes', async () => {
    h.server.put('contacts', ...makeRecords(3));
    const source = h.source([all]);
    await h.syncer.syncWith(source);
    const second = await h.syncer.syncWith(source);
    expect(second.pulled).toBe(0);
    expect(h.server.requests[1]?.headers['if-none-match']).toBeDefined();
    h.server.put('contacts', { id: 'r2', updated_at: '2024-05-01T00:00:00.000Z', name: 'changed' });
    const third = await h.syncer.syncWith(source);
    expect(third.applied).toBe(1);
    await expectMirrorEqualsServer();
  });
});

describe('HttpSource construction', () => {
  it('lists its resources in sync order', () => {
    const source = h.source([listings.cursor(), { ...listings.offset(), name: 'deals' }]);
    expect(source).toBeInstanceOf(HttpSource);
    expect(source.resources).toEqual(['contacts', 'deals']);
  });
});
