import { prepareDelta } from '@oxide-mirror/core';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock, deleteAt, memoryStore, upsertAt } from './fixtures';

describe('store lifecycle', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oxide-store-'));
    path = join(dir, 'mirror.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips cursors and answers undefined for an unknown one', async () => {
    const store = await memoryStore();
    await store.setCursor('crm', '*', 'page-7');
    await store.setCursor('crm', 'contacts', 'c-3');
    expect(await store.getCursor('crm')).toBe('page-7');
    expect(await store.getCursor('crm', 'contacts')).toBe('c-3');
    expect(await store.getCursor('billing')).toBeUndefined();
    await store.setCursor('crm', '*', 'page-8');
    expect(await store.getCursor('crm', '*')).toBe('page-8');
    await store.close();
  });

  it('migrates idempotently and records the schema version', async () => {
    const first = await SqliteMirrorStore.open(path);
    const version = await first.schemaVersion();
    expect(version).toBeGreaterThanOrEqual(1);
    await first.close();
    const second = await SqliteMirrorStore.open(path);
    expect(await second.schemaVersion()).toBe(version);
    expect(await second.query('SELECT name FROM mirror_migrations ORDER BY name')).toHaveLength(
      version,
    );
    await second.close();
  });

  it('keeps records, events, cursors and resources when a file is reopened', async () => {
    const clock = new FixedClock();
    const first = await SqliteMirrorStore.open(path, { clock });
    await first.registerResource('tickets');
    await first.applyBatch(
      [upsertAt(1, 'a', { name: 'Ada' }), upsertAt(2, 'b', { name: 'Bob' })],
      new LastWriteWins(),
      {
        cursor: { source: 'crm', resource: '*', cursor: 'after-b' },
      },
    );
    await first.applyDelta(deleteAt(3, 'b'), new LastWriteWins());
    const before = await first.listRecords('contacts');
    await first.close();

    const second = await SqliteMirrorStore.open(path, { clock });
    expect(await second.listRecords('contacts')).toEqual(before);
    expect(await second.eventCount()).toBe(3);
    expect(await second.eventCount('contacts')).toBe(3);
    expect(await second.getCursor('crm')).toBe('after-b');
    expect(await second.listResources()).toEqual(['contacts', 'tickets']);
    expect(await second.recordCounts()).toEqual({ contacts: 1, tickets: 0 });
    await second.close();
  });

  it('uses WAL on a file', async () => {
    const store = await SqliteMirrorStore.open(path);
    await store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('refuses UPDATE and DELETE on the event log even from a raw connection', async () => {
    const store = await SqliteMirrorStore.open(path);
    await store.applyDelta(upsertAt(1, 'a', { name: 'Ada' }), new LastWriteWins());
    await store.close();
    const raw = new Database(path);
    expect(() => raw.prepare("UPDATE mirror_log SET payload = '{}'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('UPDATE mirror_log SET source_id = resource_id').run()).toThrow(
      /append-only/,
    );
    expect(() => raw.prepare('DELETE FROM mirror_log').run()).toThrow(/append-only/);
    // The names and recording times the log refers to are as immutable as the log.
    for (const table of ['mirror_names', 'mirror_batches']) {
      expect(() => raw.prepare(`DELETE FROM ${table}`).run()).toThrow(/append-only/);
    }
    expect(() => raw.prepare("UPDATE mirror_names SET name = 'x'").run()).toThrow(/append-only/);
    expect(() => raw.prepare("UPDATE mirror_batches SET recorded_at = 'x'").run()).toThrow(
      /append-only/,
    );
    // The readable view cannot be written at all.
    expect(() => raw.prepare('DELETE FROM mirror_events').run()).toThrow(/view/);
    expect(raw.prepare('SELECT count(*) FROM mirror_events').pluck().get()).toBe(1);
    raw.close();
  });

  it('tells a re-sent delta from another event whose id shares its 48-bit key', async () => {
    const store = await SqliteMirrorStore.open(path);
    const delta = upsertAt(1, 'a', { name: 'Ada' });
    const { eventId } = prepareDelta(delta);
    const raw = new Database(path);
    raw.exec(`INSERT INTO mirror_names (name) VALUES ('crm'), ('contacts');
      INSERT INTO mirror_batches (recorded_at) VALUES ('2020-01-01T00:00:00.000Z')`);
    raw
      .prepare(
        `INSERT INTO mirror_log (event_key, resource_id, record_id, source_id, op, confidence,
           occurred_at, batch, schema_version, event_id, payload)
         VALUES (?, (SELECT id FROM mirror_names WHERE name = 'contacts'), 'a',
           (SELECT id FROM mirror_names WHERE name = 'crm'), 0, 1, '2020-01-01T00:00:00.000Z',
           1, 1, ?, '{}')`,
      )
      .run(
        parseInt(eventId.slice(0, 12), 16),
        Buffer.from(`${eventId.slice(0, 12)}${'f'.repeat(28)}`, 'hex'),
      );
    raw.close();
    expect((await store.applyDelta(delta, new LastWriteWins())).decision).toBe('applied');
    expect((await store.applyDelta(delta, new LastWriteWins())).decision).toBe('duplicate');
    expect(await store.eventCount()).toBe(2);
    await store.close();
  });

  it('rejects every call after close with StoreClosedError', async () => {
    const store = await memoryStore();
    await store.close();
    await expect(store.eventCount()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    await expect(store.close()).resolves.toBeUndefined();
  });
});
