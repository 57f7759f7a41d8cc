import { Delta, type EventUpcaster, type StoredEvent } from '@oxide-mirror/core';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { SqliteMirrorStore, type SqliteProjection } from '@oxide-mirror/store-sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upsertAt } from './fixtures';

/** A projection counting events per source, to watch the store's projection machinery. */
function eventsPerSource(): SqliteProjection & { batches: number } {
  return {
    name: 'events_per_source',
    batches: 0,
    setup: ({ db }) =>
      db.exec(
        'CREATE TABLE IF NOT EXISTS events_per_source (source TEXT PRIMARY KEY, n INTEGER NOT NULL)',
      ),
    apply(events: readonly StoredEvent[], { db }) {
      this.batches += 1;
      const bump = db.prepare(
        'INSERT INTO events_per_source (source, n) VALUES (?, 1) ON CONFLICT (source) DO UPDATE SET n = n + 1',
      );
      for (const event of events) bump.run(event.delta.provenance.source);
    },
    reset: ({ db }) => db.exec('DELETE FROM events_per_source'),
  };
}

describe('projections', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oxide-projections-'));
    path = join(dir, 'mirror.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('resource views', () => {
    it('gives each resource a view with a column per top-level payload field', async () => {
      const store = await SqliteMirrorStore.open(path);
      await store.applyBatch(
        [
          Delta.upsert('crm_contacts', '1', { name: 'Ada', email: 'ada@example.com' }, 'crm'),
          Delta.upsert(
            'crm_contacts',
            '2',
            { name: 'Bob', email: 'bob@example.com', vip: true },
            'crm',
          ),
        ],
        new LastWriteWins(),
      );
      expect(
        await store.query(
          'SELECT record_id, name, email, vip FROM crm_contacts ORDER BY record_id',
        ),
      ).toEqual([
        { record_id: '1', name: 'Ada', email: 'ada@example.com', vip: null },
        { record_id: '2', name: 'Bob', email: 'bob@example.com', vip: 1 },
      ]);
      await store.close();
    });

    it('adds a column when a new field appears in a later sync', async () => {
      const store = await SqliteMirrorStore.inMemory();
      await store.applyDelta(
        Delta.upsert('tickets', 't1', { title: 'Broken' }, 'desk'),
        new LastWriteWins(),
      );
      await store.applyDelta(
        Delta.upsert('tickets', 't2', { title: 'Slow', priority: 'urgent' }, 'desk'),
        new LastWriteWins(),
      );
      expect(
        await store.query('SELECT record_id, title, priority FROM tickets ORDER BY record_id'),
      ).toEqual([
        { record_id: 't1', title: 'Broken', priority: null },
        { record_id: 't2', title: 'Slow', priority: 'urgent' },
      ]);
      await store.close();
    });

    it('keeps names valid SQL whatever the resource and field names are', async () => {
      const store = await SqliteMirrorStore.inMemory();
      const payload = {
        'first name': 'Ada',
        'a.b': 1,
        'say "hi"': 'quoted',
        "it's": 'apostrophe',
        Name: 'upper',
        name: 'lower',
        record_id: 'shadowed',
        '': 'empty',
      };
      await store.applyBatch(
        [
          Delta.upsert('odd "resource"; DROP', '1', payload, 's'),
          Delta.upsert('mirror_events', '1', { x: 1 }, 's'),
        ],
        new LastWriteWins(),
      );
      const rows = await store.query('SELECT * FROM "odd ""resource""; DROP"');
      expect(rows).toEqual([
        {
          record_id: '1',
          'first name': 'Ada',
          'a.b': 1,
          'say "hi"': 'quoted',
          "it's": 'apostrophe',
          Name: 'upper',
          name_2: 'lower',
          record_id_2: 'shadowed',
          '': 'empty',
        },
      ]);
      expect(await store.query('SELECT x FROM r_mirror_events')).toEqual([{ x: 1 }]);
      expect(await store.eventCount()).toBe(2);
      await store.close();
    });

    it('catches up when a store that had no views is opened with them', async () => {
      const without = await SqliteMirrorStore.open(path, { resourceViews: false });
      await without.applyDelta(
        Delta.upsert('pets', '1', { name: 'Rex' }, 'p'),
        new LastWriteWins(),
      );
      await expect(without.query('SELECT name FROM pets')).rejects.toThrow(/no such table: pets/);
      await without.close();
      const withViews = await SqliteMirrorStore.open(path);
      expect(await withViews.query('SELECT name FROM pets')).toEqual([{ name: 'Rex' }]);
      await withViews.close();
    });
  });

  describe('custom projections', () => {
    it('is fed every committed batch once, and nothing of a failed one', async () => {
      const counter = eventsPerSource();
      const store = await SqliteMirrorStore.open(path, { projections: [counter] });
      await store.applyBatch(
        [upsertAt(1, 'a', { n: 1 }, 'crm'), upsertAt(1, 'b', { n: 1 }, 'billing')],
        new LastWriteWins(),
      );
      await store.applyDelta(upsertAt(1, 'a', { n: 1 }, 'crm'), new LastWriteWins());
      await expect(
        store.applyBatch(
          [upsertAt(2, 'c', { n: 1 }, 'crm'), { bad: true } as never],
          new LastWriteWins(),
        ),
      ).rejects.toThrow();
      expect(await store.query('SELECT source, n FROM events_per_source ORDER BY source')).toEqual([
        { source: 'billing', n: 1 },
        { source: 'crm', n: 1 },
      ]);
      expect(
        await store.query(
          "SELECT position FROM mirror_projections WHERE name = 'events_per_source'",
        ),
      ).toEqual([{ position: 2 }]);
      await store.close();
    });

    it('catches up from its checkpoint when the store opens', async () => {
      const first = await SqliteMirrorStore.open(path);
      await first.applyBatch(
        [upsertAt(1, 'a', { n: 1 }, 'crm'), upsertAt(1, 'b', { n: 1 }, 'crm')],
        new LastWriteWins(),
      );
      await first.close();
      const counter = eventsPerSource();
      const second = await SqliteMirrorStore.open(path, { projections: [counter] });
      expect(await second.query('SELECT source, n FROM events_per_source')).toEqual([
        { source: 'crm', n: 2 },
      ]);
      await second.close();
      const third = await SqliteMirrorStore.open(path, { projections: [eventsPerSource()] });
      expect(await third.query('SELECT source, n FROM events_per_source')).toEqual([
        { source: 'crm', n: 2 },
      ]);
      await third.close();
    });

    it('is reset and replayed by a rebuild', async () => {
      const store = await SqliteMirrorStore.open(path, {
        projections: [eventsPerSource()],
        strategy: new LastWriteWins(),
      });
      await store.applyBatch(
        [upsertAt(1, 'a', { n: 1 }, 'crm'), upsertAt(2, 'a', { n: 2 }, 'crm')],
        new LastWriteWins(),
      );
      const before = await store.query('SELECT * FROM events_per_source');
      await store.rebuild();
      expect(await store.query('SELECT * FROM events_per_source')).toEqual(before);
      await store.close();
    });
  });

  describe('event schema versions', () => {
    const renameFullName: EventUpcaster = {
      fromVersion: 1,
      upcast: (event) => {
        if (event.delta.payload === null) return event;
        const { fullName, ...rest } = event.delta.payload;
        return {
          ...event,
          delta: { ...event.delta, payload: { ...rest, name: fullName ?? null } },
        };
      },
    };

    it('reads old events through upcasters and rebuilds from the current shape', async () => {
      const v1 = await SqliteMirrorStore.open(path);
      await v1.applyDelta(upsertAt(1, 'a', { fullName: 'Ada' }), new LastWriteWins());
      await v1.close();

      const v2 = await SqliteMirrorStore.open(path, {
        eventSchema: { version: 2, upcasters: [renameFullName] },
        strategy: new LastWriteWins(),
      });
      await v2.applyDelta(upsertAt(2, 'b', { name: 'Bob' }), new LastWriteWins());
      const events: StoredEvent[] = [];
      for await (const event of v2.readEvents()) events.push(event);
      expect(events.map((event) => [event.schemaVersion, event.delta.payload])).toEqual([
        [2, { name: 'Ada' }],
        [2, { name: 'Bob' }],
      ]);
      expect(await v2.query('SELECT schema_version FROM mirror_events ORDER BY position')).toEqual([
        { schema_version: 1 },
        { schema_version: 2 },
      ]);
      await v2.rebuild();
      expect((await v2.getRecord('contacts', 'a'))?.payload).toEqual({ name: 'Ada' });
      await v2.close();
    });

    it('refuses to read events with no upcaster, naming the version', async () => {
      const v1 = await SqliteMirrorStore.open(path);
      await v1.applyDelta(upsertAt(1, 'a', { fullName: 'Ada' }), new LastWriteWins());
      await v1.close();
      const v3 = await SqliteMirrorStore.open(path, {
        eventSchema: { version: 3, upcasters: [renameFullName] },
      });
      await expect(v3.history('contacts', 'a', { strategy: new LastWriteWins() })).rejects.toThrow(
        /schema version 2 and no upcaster reads it/,
      );
      await v3.close();
    });
  });
});
