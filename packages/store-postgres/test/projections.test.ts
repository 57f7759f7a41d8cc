import { Delta, type ConflictStrategy } from '@oxide-mirror/core';
import { HighestConfidence } from '@oxide-mirror/strategy-highest-confidence';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { MergeJson } from '@oxide-mirror/strategy-merge-json';
import type { PostgresMirrorStore } from '@oxide-mirror/store-postgres';
import { upsertAt } from './fixtures';
import { asAdmin, describeWithPostgres, freshSchema, openTestStore } from './postgres-server';

const lww = new LastWriteWins();

/** mirror_records as the superuser reads it, in a stable order: what a rebuild must reproduce. */
async function recordsOf(schema: string): Promise<unknown[]> {
  return asAdmin(`SELECT resource, record_id, payload::text, source, confidence, version, occurred_at, last_synced_at
    FROM ${schema}.mirror_records ORDER BY resource, record_id`);
}

describeWithPostgres('projections on PostgreSQL', () => {
  let store: PostgresMirrorStore;
  let schema: string;
  beforeEach(async () => {
    schema = freshSchema('proj');
    store = await openTestStore({ schema, strategy: lww });
  });
  afterEach(async () => {
    await store.close();
  });
  /** A fresh mirror whose projection `strategy` builds, in place of the last-write-wins one. */
  async function useStrategy(strategy: ConflictStrategy): Promise<void> {
    await store.close();
    schema = freshSchema('proj');
    store = await openTestStore({ schema, strategy });
  }

  it('gives each resource a view whose columns take the types their values have had', async () => {
    await store.applyBatch(
      [
        upsertAt(
          1,
          'a',
          { name: 'Ada', age: 36, vip: true, tags: ['x'], 'odd "key"': 'q' },
          'crm',
          'contacts',
        ),
        upsertAt(
          1,
          'b',
          { name: 'Bob', age: 9007199254740993n as unknown as number, vip: false },
          'crm',
          'contacts',
        ),
        upsertAt(1, 'e', { n: 1 }, 'crm', 'mirror_evil'),
      ],
      lww,
    );
    expect(
      await store.query(
        'SELECT record_id, name, age, vip, tags, "odd ""key""" FROM contacts ORDER BY record_id',
      ),
    ).toEqual([
      { record_id: 'a', name: 'Ada', age: 36, vip: true, tags: '["x"]', 'odd "key"': 'q' },
      {
        record_id: 'b',
        name: 'Bob',
        age: 9007199254740993n,
        vip: false,
        tags: null,
        'odd "key"': null,
      },
    ]);
    expect(await store.query('SELECT count(*) AS n FROM contacts WHERE age > 30')).toEqual([
      { n: 2 },
    ]);
    // A field that later holds text as well becomes a text column, in the batch that brought it.
    await store.applyDelta(
      upsertAt(2, 'c', { name: 'Cy', age: 'unknown' }, 'crm', 'contacts'),
      lww,
    );
    expect(
      await store.query(
        "SELECT age FROM contacts WHERE record_id IN ('a', 'c') ORDER BY record_id",
      ),
    ).toEqual([{ age: '36' }, { age: 'unknown' }]);
    expect(await store.query('SELECT record_id, n FROM r_mirror_evil')).toEqual([
      { record_id: 'e', n: 1 },
    ]);
  });

  it('stores each payload once: the projection points at its event unless a merge made a new one', async () => {
    const merge = new MergeJson();
    await useStrategy(merge);
    await store.applyDelta(upsertAt(1, 'a', { name: 'Ada', tags: { color: 'red' } }), merge);
    await store.applyDelta(upsertAt(2, 'a', { tags: { size: 'L' } }), merge);
    await store.applyDelta(upsertAt(1, 'b', { name: 'Bob' }), merge);
    const state = await asAdmin<{ record_id: string; own: boolean }>(
      `SELECT record_id, payload IS NOT NULL AS own FROM ${schema}.mirror_record_state ORDER BY record_id`,
    );
    expect(state).toEqual([
      { record_id: 'a', own: true },
      { record_id: 'b', own: false },
    ]);
    expect((await store.getRecord('items', 'a'))?.payload).toEqual({
      name: 'Ada',
      tags: { color: 'red', size: 'L' },
    });
    expect((await store.getRecord('items', 'b'))?.payload).toEqual({ name: 'Bob' });
  });

  it('replays history and a record as of a time with the decisions the projection took', async () => {
    const highest = new HighestConfidence();
    await useStrategy(highest);
    await store.applyDelta(
      Delta.upsert('items', 'a', { name: 'good' }, 'crm', {
        confidence: 0.9,
        occurredAt: '2026-01-01T00:01:00Z',
      }),
      highest,
    );
    await store.applyDelta(
      Delta.upsert('items', 'a', { name: 'bad' }, 'crm', {
        confidence: 0.1,
        occurredAt: '2026-01-01T00:02:00Z',
      }),
      highest,
    );
    const history = await store.history('items', 'a', { strategy: highest });
    expect(history.map((entry) => [entry.decision, entry.version, entry.record?.payload])).toEqual([
      ['applied', 1, { name: 'good' }],
      ['skipped', 1, { name: 'good' }],
    ]);
    const before = await store.recordAt('items', 'a', '2026-01-01T00:00:30Z', {
      strategy: highest,
    });
    expect(before).toBeUndefined();
    expect((await store.recordAt('items', 'a', '2026-01-01T00:01:30Z'))?.payload).toEqual({
      name: 'good',
    });
  });

  it('answers mirror_records_as_of from SQL with literals or parameters, and refuses columns as arguments', async () => {
    await store.applyBatch(
      [
        upsertAt(1, 'a', { n: 1 }, 'crm', 'contacts'),
        upsertAt(3, 'a', { n: 2 }, 'crm', 'contacts'),
        upsertAt(2, 'b', { n: 9 }, 'crm', 'contacts'),
      ],
      lww,
    );
    expect(
      await store.query(
        "SELECT record_id, payload ->> 'n' AS n, version FROM mirror_records_as_of('contacts', '2026-01-01T00:02:30Z') ORDER BY record_id",
      ),
    ).toEqual([
      { record_id: 'a', n: '1', version: 1 },
      { record_id: 'b', n: '9', version: 1 },
    ]);
    expect(
      await store.query(
        'SELECT count(*) AS n FROM mirror_records_as_of(:resource, :at) WHERE version = 2',
        {
          resource: 'contacts',
          at: '2026-01-01T00:05:00Z',
        },
      ),
    ).toEqual([{ n: 1 }]);
    await expect(
      store.query(
        "SELECT a.record_id FROM mirror_resources r, mirror_records_as_of(r.name, '2026-01-02T00:00:00Z') a",
      ),
    ).rejects.toThrow(/takes text or parameters as its arguments/);
    await expect(
      store.query("SELECT * FROM mirror_records_as_of('contacts', 'nope')"),
    ).rejects.toThrow(/as_of/);
  });

  it('rebuilds a projection equal to the live one, and with another strategy when asked', async () => {
    const deltas = Array.from({ length: 2500 }, (_, i) => upsertAt(i % 7, `r${i % 900}`, { i }));
    await store.applyBatch(deltas.slice(0, 1200), lww);
    await store.applyBatch(deltas.slice(1200), lww);
    await store.applyDelta(
      Delta.delete('items', 'r3', 'crm', { occurredAt: '2026-01-01T01:00:00Z' }),
      lww,
    );
    const live = await recordsOf(schema);
    const report = await store.rebuild();
    expect(report).toEqual({ events: 2501, records: 899, strategy: lww.name });
    expect(await recordsOf(schema)).toEqual(live);
    const keepFirst = {
      name: 'keep-first',
      resolve: (existing: unknown) => ({ kind: existing ? 'skip' : 'apply' }),
    } as const;
    await store.rebuild({ strategy: keepFirst as never });
    expect((await store.getRecord('items', 'r1'))?.payload).toEqual({ i: 1 });
    expect(await store.eventCount()).toBe(2501);
  });

  it('redacts a record: its payloads are erased in the log, audited, and it leaves mirror_records', async () => {
    await store.applyBatch(
      [
        upsertAt(1, 'a', { ssn: '123' }),
        upsertAt(2, 'a', { ssn: '456' }),
        upsertAt(1, 'b', { n: 1 }),
      ],
      lww,
    );
    const report = await store.redactRecord('items', 'a', { reason: 'deletion request 7' });
    expect(report.eventsRedacted).toBe(2);
    expect(await store.getRecord('items', 'a')).toBeUndefined();
    expect((await store.getRecord('items', 'b'))?.payload).toEqual({ n: 1 });
    const left = await asAdmin<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${schema}.mirror_events WHERE payload::text LIKE '%123%' OR payload::text LIKE '%456%'`,
    );
    expect(left[0]?.n).toBe(0);
    const audit = await asAdmin<{ reason: string; events_affected: number }>(
      `SELECT reason, events_affected FROM ${schema}.mirror_audit`,
    );
    expect(audit).toEqual([{ reason: 'deletion request 7', events_affected: 2 }]);
    await expect(asAdmin(`UPDATE ${schema}.mirror_audit SET reason = 'forged'`)).rejects.toThrow(
      /append-only/,
    );
  });

  it('sets invalid deltas and source rejects aside in the batch and lands the rest', async () => {
    const bad = { ...upsertAt(1, 'x', { n: 1 }), recordId: '' };
    const outcomes = await store.applyBatch([upsertAt(1, 'a', { n: 1 }), bad], lww, {
      onInvalid: 'reject',
      source: 'crm',
      rejects: [
        { resource: 'items', recordId: 'q', raw: { id: 'q', when: 'never' }, reason: 'no time' },
      ],
    });
    expect(outcomes.map((outcome) => outcome.decision)).toEqual(['applied', 'rejected']);
    const rejects = await store.listRejects({ source: 'crm' });
    expect(rejects.map((reject) => [reject.kind, reject.reason])).toEqual([
      ['delta', 'recordId must not be empty'],
      ['record', 'no time'],
    ]);
    expect(await store.rejectCounts()).toEqual({ crm: 2 });
    await store.applyBatch([upsertAt(2, 'q', { n: 2 })], lww, {
      resolvesRejects: [rejects[1]!.id],
    });
    expect(await store.rejectCounts()).toEqual({ crm: 1 });
  });
});
