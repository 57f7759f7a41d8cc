import { defineScenario } from './contract-scenario';
import { check, checkEqual } from './contract-violation';
import { deleteAt, upsertAt } from './delta-builders';
import { lww, withStore, type StoreScenario } from './store-scenario-support';

const catalog: StoreScenario = defineScenario(
  'the catalog lists resources with counts, and describes fields, their types and freshness',
  (options) =>
    withStore(options, async (store) => {
      await store.registerResource('empty');
      await store.applyBatch(
        [
          upsertAt(1, 'a', { name: 'Ada', age: 36, tags: ['x'], vip: true }, { source: 'crm' }),
          upsertAt(
            2,
            'b',
            { name: 'Bob', age: 41.5, meta: { k: 1 }, vip: null },
            { source: 'crm' },
          ),
          upsertAt(3, 'c', { name: 'Cy' }, { source: 'billing' }),
          upsertAt(1, 'd', { name: 'Dee' }, { source: 'billing' }),
          deleteAt(4, 'd', { source: 'billing' }),
        ],
        lww,
      );
      const summaries = await store.resourceSummaries();
      checkEqual(
        summaries.map(({ resource, records, events }) => ({ resource, records, events })),
        [
          { resource: 'empty', records: 0, events: 0 },
          { resource: 'items', records: 3, events: 5 },
        ],
        'resource summaries',
      );
      const [empty, items] = summaries;
      checkEqual(empty?.lastSyncedAt, null, 'lastSyncedAt of a resource without records');
      check(typeof items?.lastSyncedAt === 'string', 'lastSyncedAt of a resource is not a time');
      check(
        items?.view === null || typeof items?.view === 'string',
        'view is neither a name nor null',
      );
      const described = await store.describeResource('items');
      checkEqual(
        { records: described.records, events: described.events, view: described.view },
        { records: 3, events: 5, view: items?.view },
        'the counts and view of a described resource',
      );
      checkEqual(
        described.fields.map(({ field, types, records }) => ({ field, types, records })),
        [
          { field: 'age', types: ['integer', 'real'], records: 2 },
          { field: 'meta', types: ['object'], records: 1 },
          { field: 'name', types: ['text'], records: 3 },
          { field: 'tags', types: ['array'], records: 1 },
          { field: 'vip', types: ['boolean', 'null'], records: 2 },
        ],
        'fields and their types, most common first',
      );
      checkEqual(
        described.fields.find((field) => field.field === 'name')?.example,
        'Ada',
        'the example of a text field (the least value)',
      );
      checkEqual(
        described.freshness.map(({ source, records }) => ({ source, records })),
        [
          { source: 'billing', records: 1 },
          { source: 'crm', records: 2 },
        ],
        'freshness per source',
      );
      checkEqual(
        described.freshness.map((entry) => entry.latestChange),
        [upsertAt(3, 'c', {}).occurredAt, upsertAt(2, 'b', {}).occurredAt],
        'the latest change per source',
      );
    }),
);

const cursorList: StoreScenario = defineScenario(
  'listCursors lists stored cursors by source and resource, with when they were written',
  (options) =>
    withStore(options, async (store) => {
      await store.setCursor('crm', '*', 'page-2');
      await store.setCursor('billing', 'invoices', 'i-9');
      await store.setCursor('crm', 'contacts', 'c-3');
      const all = await store.listCursors();
      checkEqual(
        all.map(({ source, resource, cursor }) => [source, resource, cursor]),
        [
          ['billing', 'invoices', 'i-9'],
          ['crm', '*', 'page-2'],
          ['crm', 'contacts', 'c-3'],
        ],
        'every cursor, ordered',
      );
      check(
        all.every((entry) => !Number.isNaN(Date.parse(entry.updatedAt))),
        'a cursor without a readable updatedAt',
      );
      checkEqual(
        (await store.listCursors('crm')).map((entry) => entry.resource),
        ['*', 'contacts'],
        "one source's cursors",
      );
    }),
);

const mirroredIds: StoreScenario = defineScenario(
  "recordIds gives every live id a source last changed, and nothing of other sources' records",
  (options) =>
    withStore(options, async (store) => {
      const ids = Array.from({ length: 30 }, (_, i) => `r${String(i).padStart(2, '0')}`);
      await store.applyBatch(
        ids.map((id) => upsertAt(1, id, { n: 1 }, { source: 'crm' })),
        lww,
      );
      await store.applyBatch(
        [
          upsertAt(2, 'r01', { n: 2 }, { source: 'billing' }),
          deleteAt(2, 'r02', { source: 'crm' }),
          upsertAt(1, 'x', { n: 1 }, { source: 'crm', resource: 'other' }),
        ],
        lww,
      );
      const expected = ids.filter((id) => id !== 'r01' && id !== 'r02');
      checkEqual(await store.recordIds('items', 'crm'), expected, "crm's live ids of items");
      checkEqual(await store.recordIds('items', 'billing'), ['r01'], "billing's live ids");
      checkEqual(await store.recordIds('missing', 'crm'), [], 'ids of an unknown resource');
    }),
);

const eventLog: StoreScenario = defineScenario(
  'readEvents reads the log in order, filtered, from a position; headPosition is the last one',
  (options) =>
    withStore(options, async (store) => {
      checkEqual(await store.headPosition(), 0, 'the head of an empty log');
      await store.applyBatch(
        [
          upsertAt(1, 'a', { v: 1 }, { source: 'crm' }),
          upsertAt(2, 'b', { v: 2 }, { source: 'billing' }),
          upsertAt(3, 'a', { v: 3 }, { source: 'crm' }),
          upsertAt(4, 'z', { v: 4 }, { source: 'crm', resource: 'other' }),
        ],
        lww,
      );
      const read = async (filter: Parameters<typeof store.readEvents>[0]) => {
        const events = [];
        for await (const event of store.readEvents(filter)) events.push(event);
        return events;
      };
      const all = await read({});
      checkEqual(all.length, 4, 'every event');
      check(
        all.every((event, i) => i === 0 || event.position > (all[i - 1]?.position ?? 0)),
        'events are not in increasing position order',
      );
      checkEqual(await store.headPosition(), all[3]?.position, 'headPosition');
      const ids = (events: typeof all): string[] =>
        events.map((event) => `${event.delta.resource}/${event.delta.recordId}`);
      checkEqual(
        ids(await read({ source: 'crm' })),
        ['items/a', 'items/a', 'other/z'],
        'by source',
      );
      checkEqual(
        ids(await read({ resource: 'items', recordId: 'a' })),
        ['items/a', 'items/a'],
        'by record',
      );
      checkEqual(
        ids(await read({ afterPosition: all[1]?.position })),
        ['items/a', 'other/z'],
        'after',
      );
      checkEqual(ids(await read({ limit: 1 })), ['items/a'], 'with a limit');
      checkEqual(
        ids(await read({ occurredAtOrBefore: upsertAt(2, 'b', {}).occurredAt })),
        ['items/a', 'items/b'],
        'up to a time',
      );
      checkEqual(all[2]?.delta.payload, { v: 3 }, 'the payload of a read event');
    }),
);

/** Scenarios about what the mirror says about itself: catalog, cursors, ids, the log. */
export const catalogScenarios = { catalog, cursorList, mirroredIds, eventLog };
