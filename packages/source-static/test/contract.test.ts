import { Delta, type PullResult } from '@oxide-mirror/core';
import { StaticSource } from '@oxide-mirror/source-static';
import { runSourceContract, type SourceBackend, type UpstreamRecord } from '@oxide-mirror/testing';

const PAGE_SIZE = 3;

/**
 * The upstream of a static source is its list of pages: new data is enqueued as new pages, and
 * a restart builds a new source over every page so far (the cursor, a page index, says where to
 * resume).
 */
function staticBackend(): SourceBackend {
  const pages: PullResult[] = [];
  let live: StaticSource | undefined;
  const add = (deltas: Delta[]): void => {
    for (let start = 0; start < deltas.length; start += PAGE_SIZE) {
      const page = { deltas: deltas.slice(start, start + PAGE_SIZE), hasMore: true };
      pages.push(page);
      live?.enqueue(page);
    }
  };
  return {
    pageSize: PAGE_SIZE,
    createSource: () => (live = new StaticSource('static', pages)),
    put: (records: readonly UpstreamRecord[]) =>
      add(
        records.map((record) =>
          Delta.upsert('items', record.id, { name: record.name, value: record.value }, 'static', {
            occurredAt: record.updatedAt,
          }),
        ),
      ),
    remove: (id, at) => add([Delta.delete('items', id, 'static', { occurredAt: at })]),
    expectedRecord: (record) => ({
      resource: 'items',
      recordId: record.id,
      payload: { name: record.name, value: record.value },
    }),
  };
}

runSourceContract('StaticSource', {
  createBackend: staticBackend,
  skip: {
    errorsSurface: 'a static source holds its pages in memory: it has no backend to fail',
    followsStream: 'its stream replays the pages enqueued when it is opened, then ends: not live',
  },
});
