import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { Delta, prepareDelta } from '@oxide-mirror/core';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mirrorUpTo } from './older-mirror';

const EVENTS_SQL = 'SELECT * FROM mirror_events ORDER BY position';
const RECORDS_SQL = 'SELECT * FROM mirror_records ORDER BY resource, record_id';
/** Tombstones included. */
const STATES_SQL =
  'SELECT resource, record_id, version, deleted, position FROM mirror_record_state ORDER BY position';

/** Events as the layout before the compact log stored them: every name and time spelled out. */
function writeOldLayout(path: string): void {
  const db = new Database(path);
  const event = db.prepare(`INSERT INTO mirror_events (position, event_id, event_key, source,
      resource, record_id, op, payload, confidence, occurred_at, recorded_at, schema_version, redacted)
    VALUES (@position, @id, @key, @source, @resource, @record, @op, @payload, @confidence, @at,
      @recorded, 1, @redacted)`);
  const rows = [
    // A SHA-1 id, stored from now on as its 20 bytes.
    ['ab'.repeat(20), 'crm', 'contacts', 'a', 'upsert', '{"name":"Ada"}', 0.5, 'T1', 'R1', 0],
    // Any other id stays the text it is, uppercase hex included.
    ['AB'.repeat(20), 'crm', 'contacts', 'b', 'upsert', '{"name":"Bo"}', 1, 'T1', 'R1', 0],
    ['legacy-id-7', 'billing', 'invoices', '7', 'upsert', '{"total":12}', 0.25, 'T2', 'R2', 0],
    ['cd'.repeat(20), 'crm', 'contacts', 'b', 'delete', null, 1, 'T3', 'R3', 0],
    ['ef'.repeat(20), 'crm', 'contacts', 'c', 'upsert', null, 1, 'T3', 'R3', 1],
    // Another batch recorded at an earlier time: batches follow the log, not the clock.
    ['12'.repeat(20), 'billing', 'contacts', 'a', 'upsert', '{"email":"a@x"}', 0.9, 'T4', 'R1', 0],
  ] as const;
  rows.forEach(
    ([id, source, resource, record, op, payload, confidence, at, recorded, redacted], i) =>
      event.run({
        position: i + 1,
        id,
        key: i + 100,
        source,
        resource,
        record,
        op,
        payload,
        confidence,
        at: `2026-01-0${i + 1}T00:00:00.000Z`.replace('T00', at === 'T1' ? 'T01' : 'T02'),
        recorded: `2026-02-0${recorded.slice(1)}T00:00:00.000Z`,
        redacted,
      }),
  );
  const state = db.prepare(`INSERT INTO mirror_record_state (resource, record_id, payload, source,
      confidence, version, occurred_at, last_synced_at, deleted, position)
    SELECT resource, record_id, @payload, coalesce(@source, source), confidence, @version,
      occurred_at, coalesce(@synced, recorded_at), op = 'delete', position
    FROM mirror_events WHERE position = @position`);
  state.run({
    position: 6,
    payload: '{"email":"a@x","name":"Ada"}',
    source: null,
    version: 2,
    synced: null,
  });
  state.run({ position: 4, payload: null, source: null, version: 2, synced: null });
  state.run({ position: 3, payload: null, source: null, version: 1, synced: null });
  // States that differ from their event in source and time keep their own values.
  state.run({
    position: 5,
    payload: '{}',
    source: 'upcast',
    version: 1,
    synced: '2026-03-01T00:00:00.000Z',
  });
  db.exec(`INSERT INTO mirror_resources (name) VALUES ('contacts'), ('invoices')`);
  db.close();
}

function snapshot(path: string): { events: unknown[]; records: unknown[]; states: unknown[] } {
  const db = new Database(path, { readonly: true });
  try {
    return {
      events: db.prepare(EVENTS_SQL).all(),
      records: db.prepare(RECORDS_SQL).all(),
      states: db.prepare(STATES_SQL).all(),
    };
  } finally {
    db.close();
  }
}

describe('the compact log migration', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oxide-compact-'));
    path = join(dir, 'mirror.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every event and record exactly as they read before, and stores them compactly', async () => {
    await mirrorUpTo(path, '0007_abandoned_runs');
    writeOldLayout(path);
    const before = snapshot(path);
    expect(before.events).toHaveLength(6);
    expect(before.records).toHaveLength(3);
    expect(before.states).toHaveLength(4);

    await (await SqliteMirrorStore.open(path)).close();

    expect(snapshot(path)).toEqual(before);
    const db = new Database(path, { readonly: true });
    try {
      expect(
        db
          .prepare('SELECT typeof(event_id) AS kind FROM mirror_log ORDER BY position')
          .pluck()
          .all(),
      ).toEqual(['blob', 'text', 'text', 'blob', 'blob', 'blob']);
      expect(
        db.prepare('SELECT recorded_at FROM mirror_batches ORDER BY id').pluck().all(),
      ).toEqual([
        '2026-02-01T00:00:00.000Z',
        '2026-02-02T00:00:00.000Z',
        '2026-02-03T00:00:00.000Z',
      ]);
      // What a state shares with its event is not stored twice.
      expect(
        db
          .prepare(
            `SELECT position, source, confidence, occurred_at, last_synced_at, payload IS NOT NULL AS own
             FROM mirror_record_state ORDER BY position`,
          )
          .all(),
      ).toEqual([
        {
          position: 3,
          source: null,
          confidence: null,
          occurred_at: null,
          last_synced_at: null,
          own: 0,
        },
        {
          position: 4,
          source: null,
          confidence: null,
          occurred_at: null,
          last_synced_at: null,
          own: 0,
        },
        {
          position: 5,
          source: 'upcast',
          confidence: null,
          occurred_at: null,
          last_synced_at: '2026-03-01T00:00:00.000Z',
          own: 1,
        },
        {
          position: 6,
          source: null,
          confidence: null,
          occurred_at: null,
          last_synced_at: null,
          own: 1,
        },
      ]);
    } finally {
      db.close();
    }
  });

  it('recognises a re-sent delta whose event was logged before the migration', async () => {
    await mirrorUpTo(path, '0007_abandoned_runs');
    const delta = Delta.upsert('contacts', 'a', { name: 'Ada' }, 'crm', {
      occurredAt: '2026-01-01T00:00:00.000Z',
    });
    const { eventId, payloadJson } = prepareDelta(delta);
    const db = new Database(path);
    db.prepare(
      `INSERT INTO mirror_events (event_id, event_key, source, resource, record_id, op,
        payload, confidence, occurred_at, recorded_at, schema_version)
      VALUES (?, ?, 'crm', 'contacts', 'a', 'upsert', ?, 1, '2026-01-01T00:00:00.000Z',
        '2026-01-02T00:00:00.000Z', 1)`,
    ).run(eventId, parseInt(eventId.slice(0, 12), 16), payloadJson);
    db.close();

    const store = await SqliteMirrorStore.open(path);
    try {
      expect((await store.applyDelta(delta, new LastWriteWins())).decision).toBe('duplicate');
      expect(await store.eventCount()).toBe(1);
      const ids: string[] = [];
      for await (const event of store.readEvents()) ids.push(event.eventId);
      expect(ids).toEqual([eventId]);
    } finally {
      await store.close();
    }
  });

  it('leaves the old layout whole when the migration fails half way', async () => {
    await mirrorUpTo(path, '0007_abandoned_runs');
    writeOldLayout(path);
    const before = snapshot(path);
    const db = new Database(path);
    // A leftover table of the new layout makes the migration fail after it has begun.
    db.exec('CREATE TABLE mirror_log (position INTEGER PRIMARY KEY)');
    db.close();

    await expect(SqliteMirrorStore.open(path)).rejects.toThrow(/0008_compact_log/);
    const after = new Database(path, { readonly: true });
    try {
      expect(after.prepare(EVENTS_SQL).all()).toEqual(before.events);
      expect(after.prepare(RECORDS_SQL).all()).toEqual(before.records);
      expect(after.prepare(STATES_SQL).all()).toEqual(before.states);
      expect(
        after
          .prepare("SELECT count(*) FROM sqlite_master WHERE name = 'mirror_names'")
          .pluck()
          .get(),
      ).toBe(0);
    } finally {
      after.close();
    }
  });
});
