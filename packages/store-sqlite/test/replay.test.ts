import { Syncer, type ConflictStrategy, type StoredEvent } from '@oxide-mirror/core';
import { StaticSource } from '@oxide-mirror/source-static';
import { HighestConfidence } from '@oxide-mirror/strategy-highest-confidence';
import { KeepLocal } from '@oxide-mirror/strategy-keep-local';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { FixedClock, deleteAt, upsertAt } from './fixtures';

/** Every row of the record projection, tombstones included, in a stable order. */
function projection(store: SqliteMirrorStore): Promise<unknown[]> {
  return store.query('SELECT * FROM mirror_record_state ORDER BY resource, record_id');
}

const history = [
  upsertAt(1, 'a', { name: 'Ada', tier: 'gold' }, 'crm', 0.9),
  upsertAt(2, 'b', { name: 'Bob' }, 'crm', 0.9),
  upsertAt(5, 'a', { name: 'Ada L.' }, 'scraper', 0.3),
  upsertAt(3, 'a', { name: 'Ada (late)' }, 'crm', 0.95),
  deleteAt(6, 'b'),
  upsertAt(4, 'b', { name: 'Bob (late)' }, 'crm', 1),
];

describe('replay', () => {
  let dir: string;
  let store: SqliteMirrorStore;
  let clock: FixedClock;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oxide-replay-'));
    clock = new FixedClock();
    store = await SqliteMirrorStore.open(join(dir, 'mirror.db'), {
      clock,
      strategy: new LastWriteWins(),
    });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function syncInPages(strategy: ConflictStrategy): Promise<void> {
    const pages = history.map((delta) => ({ deltas: [delta], hasMore: true }));
    for (const page of pages) {
      await store.applyBatch(page.deltas, strategy);
      clock.advance(1000);
    }
  }

  describe('reading the log', () => {
    it('reads events in order from a position, filtered by source, resource or record', async () => {
      await syncInPages(new LastWriteWins());
      const all: StoredEvent[] = [];
      for await (const event of store.readEvents()) all.push(event);
      expect(all.map((event) => event.position)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(all[0]).toMatchObject({
        eventId: expect.stringMatching(/^[0-9a-f]{40}$/),
        recordedAt: '2026-01-01T00:00:00.000Z',
        schemaVersion: 1,
        delta: { resource: 'contacts', recordId: 'a', payload: { name: 'Ada', tier: 'gold' } },
      });

      const positions = async (
        filter: Parameters<SqliteMirrorStore['readEvents']>[0],
      ): Promise<number[]> => {
        const events = await firstValueFrom(store.events$(filter).pipe(toArray()));
        return events.map((event) => event.position);
      };
      expect(await positions({ afterPosition: 4 })).toEqual([5, 6]);
      expect(await positions({ source: 'scraper' })).toEqual([3]);
      expect(await positions({ resource: 'contacts', recordId: 'b' })).toEqual([2, 5, 6]);
      expect(await positions({ resource: 'nothing' })).toEqual([]);
      expect(await positions({ limit: 2 })).toEqual([1, 2]);
      expect(await store.headPosition()).toBe(6);
    });

    it('reads a log longer than one chunk without skipping or repeating', async () => {
      const deltas = Array.from({ length: 2500 }, (_, i) => upsertAt(1, `r${i}`, { i }));
      await store.applyBatch(deltas, new LastWriteWins());
      let count = 0;
      let last = 0;
      for await (const event of store.readEvents()) {
        expect(event.position).toBe(last + 1);
        last = event.position;
        count += 1;
      }
      expect(count).toBe(2500);
    });
  });

  describe('rebuild', () => {
    it('gives a table identical to the live one with the same strategy', async () => {
      await syncInPages(new LastWriteWins());
      const live = await projection(store);
      clock.advance(60_000);
      const report = await store.rebuild();
      expect(report).toEqual({ events: 6, records: 1, strategy: 'last-write-wins' });
      expect(await projection(store)).toEqual(live);
    });

    it('gives exactly what a live sync with the other strategy would have given', async () => {
      await syncInPages(new LastWriteWins());
      await store.rebuild({ strategy: new HighestConfidence() });

      const otherClock = new FixedClock();
      const other = await SqliteMirrorStore.open(join(dir, 'other.db'), { clock: otherClock });
      for (const delta of history) {
        await other.applyBatch([delta], new HighestConfidence());
        otherClock.advance(1000);
      }
      expect(await projection(store)).toEqual(await projection(other));
      expect((await store.getRecord('contacts', 'a'))?.payload).toEqual({ name: 'Ada (late)' });
      await other.close();
    });

    it('keeps rebuilding with the strategy it was last given', async () => {
      await syncInPages(new LastWriteWins());
      await store.rebuild({ strategy: new KeepLocal() });
      const keptLocal = await projection(store);
      await store.rebuild();
      expect(await projection(store)).toEqual(keptLocal);
    });

    it('leaves the old table in place when a rebuild fails part-way', async () => {
      await syncInPages(new LastWriteWins());
      const live = await projection(store);
      let calls = 0;
      const failing: ConflictStrategy = {
        name: 'fails-on-third',
        resolve: (existing, incoming) => {
          if (++calls === 3) throw new Error('strategy bug');
          return new LastWriteWins().resolve(existing, incoming);
        },
      };
      await expect(store.rebuild({ strategy: failing })).rejects.toThrow(/strategy bug/);
      expect(await projection(store)).toEqual(live);
      expect(
        await store.query("SELECT name FROM sqlite_master WHERE name LIKE '%rebuild%'"),
      ).toEqual([{ name: 'mirror_record_state_rebuild' }]);
      const again = await store.rebuild();
      expect(again.events).toBe(6);
      expect(await projection(store)).toEqual(live);
      expect(
        await store.query("SELECT name FROM sqlite_master WHERE name LIKE '%rebuild%'"),
      ).toEqual([]);
    });

    it('projects deltas that arrive while it runs', async () => {
      const deltas = Array.from({ length: 12_000 }, (_, i) => upsertAt(1, `r${i % 3000}`, { i }));
      await store.applyBatch(deltas, new LastWriteWins());
      const rebuilding = store.rebuild();
      // Let the rebuild project its first chunk, then sync while it is between chunks.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      // Looked at synchronously, from a connection of the test's own, while the rebuild waits.
      const raw = new Database(join(dir, 'mirror.db'), { readonly: true });
      expect(
        raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE '%_rebuild'").all(),
      ).toEqual([{ n: 1 }]);
      raw.close();
      await store.applyBatch(
        [upsertAt(9, 'late', { name: 'arrived during rebuild' })],
        new LastWriteWins(),
      );
      const report = await rebuilding;
      expect(report.events).toBe(12_001);
      expect((await store.getRecord('contacts', 'late'))?.payload).toEqual({
        name: 'arrived during rebuild',
      });
    });

    it('keeps the views and the query connection working after the swap', async () => {
      await syncInPages(new LastWriteWins());
      await store.rebuild();
      expect(await store.query('SELECT count(*) AS n FROM mirror_records')).toEqual([{ n: 1 }]);
      expect(await store.query('SELECT record_id, name FROM contacts')).toEqual([
        { record_id: 'a', name: 'Ada L.' },
      ]);
      const outcome = await store.applyDelta(upsertAt(9, 'c', { name: 'Cy' }), new LastWriteWins());
      expect(outcome.version).toBe(1);
    });
  });

  describe('history and time travel', () => {
    beforeEach(() => syncInPages(new LastWriteWins()));

    it('lists every delta of a record with its decision and resulting version', async () => {
      const entries = await store.history('contacts', 'a');
      expect(entries.map((entry) => [entry.event.position, entry.decision, entry.version])).toEqual(
        [
          [1, 'applied', 1],
          [3, 'applied', 2],
          [4, 'skipped', 2],
        ],
      );
      expect(entries[2]?.record?.payload).toEqual({ name: 'Ada L.' });
    });

    it('matches the live projection’s versions and shows a deleted record as absent', async () => {
      const entries = await store.history('contacts', 'b');
      expect(
        entries.map((entry) => [entry.decision, entry.version, entry.record?.payload ?? null]),
      ).toEqual([
        ['applied', 1, { name: 'Bob' }],
        ['applied', 2, null],
        ['skipped', 2, null],
      ]);
      const live = await store.query(
        "SELECT version FROM mirror_record_state WHERE resource = 'contacts' AND record_id = 'b'",
      );
      expect(live).toEqual([{ version: 2 }]);
    });

    it('answers history with another strategy without changing the projection', async () => {
      const before = await projection(store);
      const entries = await store.history('contacts', 'a', { strategy: new HighestConfidence() });
      expect(entries.map((entry) => entry.decision)).toEqual(['applied', 'skipped', 'applied']);
      expect(await projection(store)).toEqual(before);
    });

    it('returns a record as it stood at a time on the sources’ clock', async () => {
      const minute = (m: number): string => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();
      expect(await store.recordAt('contacts', 'a', minute(0))).toBeUndefined();
      expect((await store.recordAt('contacts', 'a', minute(1)))?.payload).toEqual({
        name: 'Ada',
        tier: 'gold',
      });
      expect((await store.recordAt('contacts', 'a', minute(3)))?.payload).toEqual({
        name: 'Ada (late)',
      });
      expect((await store.recordAt('contacts', 'a', minute(9)))?.payload).toEqual({
        name: 'Ada L.',
      });
      expect((await store.recordAt('contacts', 'b', minute(5)))?.payload).toEqual({
        name: 'Bob (late)',
      });
      expect(await store.recordAt('contacts', 'b', minute(6))).toBeUndefined();
      await expect(store.recordAt('contacts', 'a', 'not a time')).rejects.toThrow(
        /asOf is not a time/,
      );
    });

    it('shows a whole resource as of a time from SQL', async () => {
      const rows = await store.query(
        `SELECT record_id, json_extract(payload, '$.name') AS name, version
         FROM mirror_records_as_of('contacts', ?) ORDER BY record_id`,
        [new Date(Date.UTC(2026, 0, 1, 0, 4)).toISOString()],
      );
      expect(rows).toEqual([
        { record_id: 'a', name: 'Ada (late)', version: 2 },
        { record_id: 'b', name: 'Bob (late)', version: 2 },
      ]);
      await expect(
        store.query("SELECT * FROM mirror_records_as_of('contacts', 'nope')"),
      ).rejects.toThrow(/as_of is not a time/);
      expect(
        await store.query(
          'SELECT count(*) AS n FROM "mirror_records_as_of"(:resource, :at) WHERE version = 2',
          { resource: 'contacts', at: '2026-01-01T00:04:00Z' },
        ),
      ).toEqual([{ n: 2 }]);
      // The store folds the log before the query runs, so it must know the arguments by then.
      await expect(
        store.query(
          "SELECT a.record_id FROM mirror_resources r, mirror_records_as_of(r.name, '2026-01-02T00:00:00Z') a",
        ),
      ).rejects.toThrow(/takes text or \? parameters as its arguments/);
    });
  });

  it('needs a strategy for history when the store has none', async () => {
    const bare = await SqliteMirrorStore.inMemory();
    await expect(bare.history('contacts', 'a')).rejects.toMatchObject({
      code: 'STRATEGY_REQUIRED',
    });
    await bare.close();
  });

  it('syncs, then rebuilds the same file from the log alone', async () => {
    const syncer = new Syncer({ store, strategy: new LastWriteWins() });
    await syncer.syncWith(
      new StaticSource(
        'crm',
        history.map((delta) => ({ deltas: [delta], hasMore: true })),
      ),
    );
    const live = await projection(store);
    await store.close();
    const raw = new Database(join(dir, 'mirror.db'));
    raw.exec('DELETE FROM mirror_record_state');
    raw.close();
    store = await SqliteMirrorStore.open(join(dir, 'mirror.db'), { strategy: new LastWriteWins() });
    await store.rebuild();
    expect(await projection(store)).toEqual(live);
  });
});
