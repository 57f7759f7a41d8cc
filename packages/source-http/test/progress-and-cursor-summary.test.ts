import { oxideMirrorPlugin, describeHttpCursor } from '@oxide-mirror/source-http';
import { makeRecords, startHarness, type Harness } from './harness';
import { listings } from './resources';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

describe('record totals on pages', () => {
  it('reports the total an offset listing gives, on every page of its first pass', async () => {
    h.server.put('contacts', ...makeRecords(5));
    const source = h.source([listings.offset()]);
    const first = await source.pull(undefined, { page: 1, signal: new AbortController().signal });
    expect(first.totals).toEqual({ contacts: 5 });
    const second = await source.pull(first.nextCursor, {
      page: 2,
      signal: new AbortController().signal,
    });
    expect(second.totals).toEqual({ contacts: 5 });
  });

  it('reports none where the API gives only a page count, not a record count', async () => {
    h.server.put('contacts', ...makeRecords(5));
    const page = await h.source([listings.pages()]).pull(undefined, {
      page: 1,
      signal: new AbortController().signal,
    });
    expect(page.deltas).toHaveLength(2);
    expect(page.totals).toBeUndefined();
  });
});

describe('readable HTTP cursors', () => {
  const incremental = { param: 'updated_since' };

  it('reads a finished sync as the watermark the next one starts from', async () => {
    h.server.put('contacts', ...makeRecords(3, { start: '2024-06-01T00:03:00.000Z' }));
    const report = await h.syncer.syncWith(h.source([listings.cursor({ incremental })]));
    expect(report.finalCursor).toContain('"marks"');
    expect(describeHttpCursor(report.finalCursor as string)).toBe('since 2024-06-01T00:05Z');
  });

  it("reads a sync in progress as each resource's position", async () => {
    h.server.put('contacts', ...makeRecords(2, { start: '2024-06-01T00:00:00.000Z' }));
    const source = h.source([listings.offset({ incremental })]);
    const first = await h.syncer.syncWith(source);
    h.server.put('contacts', ...makeRecords(5, { prefix: 'n', start: '2024-06-02T00:00:00.000Z' }));
    const page = await source.pull(first.finalCursor, {
      page: 1,
      signal: new AbortController().signal,
    });
    expect(describeHttpCursor(page.nextCursor as string)).toBe(
      'sync in progress: contacts page token 2 since 2024-06-01T00:01Z',
    );
  });

  it('names each resource when their watermarks differ, and shows whole seconds', () => {
    const cursor = JSON.stringify({
      v: 2,
      marks: {
        contacts: '2024-06-01T00:05:30.000Z',
        'contacts#deleted': '2024-06-01T00:07:00.000Z',
        deals: '2024-05-01T00:00:00.000Z',
      },
      etags: { contacts: { url: 'https://api.example.com/contacts', etag: 'W/"x"' } },
    });
    expect(describeHttpCursor(cursor)).toBe(
      'contacts since 2024-06-01T00:05:30Z, deals since 2024-05-01T00:00Z',
    );
  });

  it('says so when nothing bounds the next sync, and shows done resources and opaque tokens', () => {
    expect(describeHttpCursor('{"v":2,"marks":{},"etags":{}}')).toBe(
      'no watermark: the next sync reads everything',
    );
    const cursor = JSON.stringify({
      v: 2,
      marks: {},
      etags: {},
      lanes: {
        contacts: null,
        tickets: { walk: 'tickets', pass: { n: 2, token: 'eyJvZmZzZXQiOjQwMCwic29ydCI6ImlkIn0' } },
        deals: { walk: 'deals#deleted', pass: { n: 1 } },
      },
    });
    expect(describeHttpCursor(cursor)).toBe(
      'sync in progress: contacts done; tickets after eyJvZmZzZXQiOjQwMCwic29… (pass 2); ' +
        'deals (deleted) first page',
    );
  });

  it('leaves cursors it did not write to the host, through the plugin too', () => {
    expect(describeHttpCursor('page-7')).toBeUndefined();
    expect(describeHttpCursor('{"v":9}')).toBeUndefined();
    expect(oxideMirrorPlugin.describeCursor?.('{"v":2,"marks":{},"etags":{}}')).toBe(
      'no watermark: the next sync reads everything',
    );
  });
});
