import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ConflictStrategy,
  Delta,
  InvalidDeltaError,
  Syncer,
  parseJson,
  recordIdFrom,
  type JsonObject,
  type PullResult,
  type SyncSource,
} from '@oxide-mirror/core';
import Database from 'better-sqlite3';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { MergeJson } from '@oxide-mirror/strategy-merge-json';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { FixedClock } from './fixtures';
import { LEGACY_DELTAS } from './legacy/legacy-deltas';

const lww = new LastWriteWins();

/**
 * Deltas from the records of an API response body, read losslessly as a source would; left
 * unvalidated (plain objects, not `Delta.upsert`), so that the engine judges each one.
 */
function deltasFromBody(body: string, at = '2024-03-10T10:00:00Z'): Delta[] {
  return (parseJson(body) as JsonObject[]).map((record) => ({
    resource: 'tickets',
    recordId: recordIdFrom(record.id),
    op: 'upsert',
    payload: record,
    occurredAt: at,
    provenance: { source: 'desk', confidence: 1 },
  }));
}

function pagesSource(id: string, pages: PullResult[]): SyncSource {
  return {
    id,
    async pull(cursor) {
      const index = cursor === undefined ? 0 : Number(cursor);
      return pages[index] as PullResult;
    },
  };
}

describe('exact data', () => {
  let dir: string;
  let store: SqliteMirrorStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'exact-'));
    store = await SqliteMirrorStore.open(join(dir, 'mirror.db'), {
      clock: new FixedClock(),
      strategy: lww,
    });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps ids above 2^53 apart and big integers in payloads exact (case 1)', async () => {
    await store.applyBatch(
      deltasFromBody(
        '[{"id":9007199254740993,"n":9007199254740993},{"id":9007199254740992,"n":1}]',
      ),
      lww,
    );
    expect(await store.recordCounts()).toEqual({ tickets: 2 });
    const record = await store.getRecord('tickets', '9007199254740993');
    expect(record?.payload).toEqual({ id: 9007199254740993n, n: 9007199254740993n });
    const rows = await store.query(
      "SELECT record_id, json_extract(payload, '$.n') AS n, 9007199254740993 AS literal, 7 AS small " +
        'FROM mirror_records ORDER BY record_id',
    );
    expect(rows).toEqual([
      { record_id: '9007199254740992', n: 1, literal: 9007199254740993n, small: 7 },
      { record_id: '9007199254740993', n: 9007199254740993n, literal: 9007199254740993n, small: 7 },
    ]);
  });

  it('refuses an id with a lone surrogate instead of storing another string (case 2)', async () => {
    const bad = { ...Delta.upsert('tickets', 'ok', { a: 1 }, 'desk'), recordId: 'x\ud800' };
    await expect(store.applyBatch([bad], lww)).rejects.toThrow(InvalidDeltaError);
    await store.applyBatch([bad, Delta.upsert('tickets', 'x', { a: 1 }, 'desk')], lww, {
      onInvalid: 'reject',
    });
    const live = await store.listRecords('tickets');
    await store.rebuild();
    expect(await store.listRecords('tickets')).toEqual(live);
    expect(live.map((record) => record.recordId)).toEqual(['x']);
    const [reject] = await store.listRejects();
    expect(reject).toMatchObject({ recordId: null, reason: expect.stringMatching(/surrogate/) });
    expect((parseJson(reject?.raw as string) as { recordId: string }).recordId).toBe('x\ud800');
  });

  it('orders sub-millisecond times exactly under last-write-wins (case 3)', async () => {
    const newer = Delta.upsert('t', '1', { v: 'newer' }, 's', {
      occurredAt: '2024-03-10T10:00:00.000002Z',
    });
    const older = Delta.upsert('t', '1', { v: 'older' }, 's', {
      occurredAt: '2024-03-10T10:00:00.000001Z',
    });
    const same = Delta.upsert('t', '2', { v: 'ms' }, 's', { occurredAt: '2024-03-10T10:00:00Z' });
    const finer = Delta.upsert('t', '2', { v: 'finer' }, 's', {
      occurredAt: '2024-03-10T10:00:00.000000001Z',
    });
    await store.applyBatch([newer, older, finer, same], lww);
    expect((await store.getRecord('t', '1'))?.payload).toEqual({ v: 'newer' });
    expect((await store.getRecord('t', '1'))?.occurredAt).toBe('2024-03-10T10:00:00.000002Z');
    expect((await store.getRecord('t', '2'))?.payload).toEqual({ v: 'finer' });
    const asOf = await store.recordAt(
      't',
      '2',
      '2024-03-10T10:00:00.0000000005Z'.slice(0, 29) + 'Z',
    );
    expect(asOf?.payload).toEqual({ v: 'ms' });
  });

  it('refuses zoneless times and reads one instant in any offset as one event (case 4)', async () => {
    const zoneless = {
      ...Delta.upsert('t', '1', { a: 1 }, 's'),
      occurredAt: '2024-03-10T10:00:00',
    };
    await expect(store.applyBatch([zoneless], lww)).rejects.toThrow(/no time zone/);
    await store.applyBatch(
      [
        Delta.upsert('t', '1', { a: 1 }, 's', { occurredAt: '2024-03-10T10:00:00Z' }),
        Delta.upsert('t', '1', { a: 1 }, 's', { occurredAt: '2024-03-10T05:00:00-05:00' }),
        Delta.upsert('t', '1', { a: 1 }, 's', { occurredAt: '2024-03-10T19:00:00.000+09:00' }),
      ],
      lww,
    );
    expect(await store.eventCount()).toBe(1);
  });

  it('recognises an unchanged record re-sent with its keys in another order (case 5)', async () => {
    const at = { occurredAt: '2024-03-10T10:00:00Z' };
    await store.applyDelta(Delta.upsert('t', '1', { a: 1, b: { c: 2, d: 3 } }, 's', at), lww);
    const again = await store.applyDelta(
      Delta.upsert('t', '1', { b: { d: 3, c: 2 }, a: 1 }, 's', at),
      lww,
    );
    expect(again.decision).toBe('duplicate');
    expect((await store.getRecord('t', '1'))?.version).toBe(1);
    expect(await store.eventCount()).toBe(1);
  });

  describe('resource views built from the stored catalog (case 6)', () => {
    const columnsOf = async (view: string): Promise<string[]> =>
      (await store.runQuery(`SELECT * FROM "${view}" LIMIT 0`)).columns;

    it('keeps the columns two writers of one file each added, through a rebuild', async () => {
      const other = await SqliteMirrorStore.open(join(dir, 'mirror.db'), { strategy: lww });
      try {
        await store.applyDelta(Delta.upsert('people', '1', { name: 'Ada' }, 's'), lww);
        await other.applyDelta(Delta.upsert('people', '2', { name: 'Bo' }, 's'), lww);
        await store.applyDelta(Delta.upsert('people', '1', { email: 'a@x' }, 's'), lww);
        await other.applyDelta(Delta.upsert('people', '2', { phone: '123' }, 's'), lww);
        expect(await columnsOf('people')).toEqual(['record_id', 'name', 'email', 'phone']);
        await store.rebuild();
        expect(await columnsOf('people')).toEqual(['record_id', 'name', 'email', 'phone']);
      } finally {
        await other.close();
      }
    });

    it('adds the column of a field whose first batch failed when the retry commits', async () => {
      await store.applyDelta(Delta.upsert('people', '1', { name: 'Ada' }, 's'), lww);
      const bad = { ...Delta.upsert('people', '3', { x: 1 }, 's'), recordId: '' };
      await expect(
        store.applyBatch([Delta.upsert('people', '2', { email: 'b@x' }, 's'), bad], lww),
      ).rejects.toThrow(InvalidDeltaError);
      await store.applyBatch([Delta.upsert('people', '2', { email: 'b@x' }, 's')], lww);
      expect(await columnsOf('people')).toEqual(['record_id', 'name', 'email']);
      expect(await store.query('SELECT email FROM people WHERE record_id = ?', ['2'])).toEqual([
        { email: 'b@x' },
      ]);
    });

    it('refuses a NUL in a field name as an invalid delta naming the field', async () => {
      await expect(
        store
          .applyDelta(Delta.upsert('people', '1', { ok: 1 }, 's'), lww)
          .then(() =>
            store.applyBatch(
              [{ ...Delta.upsert('people', '1', { ok: 1 }, 's'), payload: { 'a\u0000b': 1 } }],
              lww,
            ),
          ),
      ).rejects.toThrow(/payload\["a\\u0000b"\] contains a NUL character/);
    });
  });

  it('sets aside records it cannot take and keeps the source moving (case 8)', async () => {
    const body =
      '[{"id":1,"v":1e400},{"id":2,"v":"fine"},{"id":' +
      '"' +
      'x'.repeat(2000) +
      '","v":1},{"id":4,"deep":' +
      '['.repeat(70) +
      ']'.repeat(70) +
      '}]';
    const page1 = deltasFromBody(body);
    const leap = {
      ...Delta.upsert('tickets', '5', { v: 5 }, 'desk'),
      occurredAt: '2024-03-10T23:59:60Z',
    };
    const source = pagesSource('desk', [
      {
        deltas: [...page1, leap],
        nextCursor: '1',
        hasMore: true,
        rejects: [{ resource: 'tickets', raw: { title: 'no id' }, reason: 'id: missing' }],
      },
      { deltas: deltasFromBody('[{"id":6,"v":"after"}]'), nextCursor: '2', hasMore: false },
    ]);
    const report = await new Syncer({ store, strategy: lww }).syncWith(source);
    expect(report).toMatchObject({ pages: 2, pulled: 7, applied: 2, rejected: 5 });
    expect(report.perResource.tickets).toEqual({ pulled: 7, applied: 2, skipped: 0, rejected: 5 });
    expect(await store.getCursor('desk')).toBe('2');
    expect((await store.listRecords('tickets')).map((record) => record.recordId)).toEqual([
      '2',
      '6',
    ]);
    const rejects = await store.listRejects({ source: 'desk' });
    expect(rejects.map((reject) => [reject.recordId, reject.kind, reject.reason])).toEqual([
      ['1', 'delta', 'payload.v is the number 1e400, which is out of range'],
      ['x'.repeat(2000), 'delta', expect.stringMatching(/^recordId is 2000 characters long/)],
      ['4', 'delta', expect.stringMatching(/^payload\.deep.* nests deeper than 64 levels/)],
      ['5', 'delta', expect.stringMatching(/leap second that does not end a UTC month/)],
      [null, 'record', 'id: missing'],
    ]);
    expect(rejects[0]?.raw).toContain('"v":1e400');
    expect(await store.rejectCounts()).toEqual({ desk: 5 });

    // The same page again: nothing new is logged, and the rejects are not repeated.
    await store.deleteCursors('desk');
    await new Syncer({ store, strategy: lww }).syncWith(source);
    expect(await store.rejectCounts()).toEqual({ desk: 5 });
    expect(await store.eventCount()).toBe(2);
  });

  it('fails the page instead when the source chooses onInvalid fail', async () => {
    const source = pagesSource('desk', [
      { deltas: deltasFromBody('[{"id":1,"v":1e400},{"id":2}]'), hasMore: false },
    ]);
    const syncer = new Syncer({ store, strategy: lww });
    syncer.registerSource(source, { onInvalid: 'fail' });
    await expect(syncer.syncSource('desk')).rejects.toThrow(/1e400, which is out of range/);
    expect(await store.eventCount()).toBe(0);
    expect(await store.rejectCounts()).toEqual({});
  });

  it('re-applies a reject in the transaction that removes it', async () => {
    const bad = { ...Delta.upsert('t', '1', { a: 1 }, 's'), occurredAt: '2024-03-10T10:00:00' };
    await store.applyBatch([bad], lww, { onInvalid: 'reject' });
    const [reject] = await store.listRejects();
    const fixed = {
      ...(parseJson(reject?.raw as string) as object),
      occurredAt: '2024-03-10T10:00:00Z',
    };
    await store.applyBatch([fixed as Delta], lww, { resolvesRejects: [reject?.id as number] });
    expect(await store.listRejects()).toEqual([]);
    expect((await store.getRecord('t', '1'))?.payload).toEqual({ a: 1 });
  });
});

describe('a log written by release 0.1.0', () => {
  it('keeps its identities: the same data re-sent appends nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'legacy-'));
    const path = join(dir, 'mirror.db');
    copyFileSync(join(__dirname, 'legacy', 'log-0.1.0.db'), path);
    const store = await SqliteMirrorStore.open(path, { strategy: lww });
    try {
      const before = await store.query('SELECT * FROM mirror_record_state ORDER BY record_id');
      const outcomes = await store.applyBatch(LEGACY_DELTAS as Delta[], lww);
      expect(outcomes.map((outcome) => outcome.decision)).toEqual(
        LEGACY_DELTAS.map(() => 'duplicate'),
      );
      expect(await store.eventCount()).toBe(LEGACY_DELTAS.length);
      expect(await store.query('SELECT * FROM mirror_record_state ORDER BY record_id')).toEqual(
        before,
      );
      await store.rebuild();
      expect(await store.query('SELECT * FROM mirror_record_state ORDER BY record_id')).toEqual(
        before,
      );
      // New data still gets canonical identities, so its key order no longer matters.
      const fresh = Delta.upsert('crm_contacts', '9', { b: 1, a: 2 }, 'crm');
      await store.applyBatch([fresh, { ...fresh, payload: { a: 2, b: 1 } }], lww);
      expect(await store.eventCount()).toBe(LEGACY_DELTAS.length + 1);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('each payload stored once', () => {
  it('keeps payloads in the log only, except where a strategy merged a new one', async () => {
    const mergeJson = new MergeJson();
    // Merges record 2 only, so one record keeps its event's payload and the other gets a new one.
    const mergeTwo: ConflictStrategy = {
      name: 'merge-record-2',
      resolve: (existing, incoming) =>
        (incoming.recordId === '2' ? mergeJson : lww).resolve(existing, incoming),
    };
    const store = await SqliteMirrorStore.inMemory({ strategy: mergeTwo });
    try {
      await store.applyBatch(
        [
          Delta.upsert('t', '1', { a: 1 }, 's', { occurredAt: '2024-01-01T00:00:00Z' }),
          Delta.upsert('t', '1', { a: 2 }, 's', { occurredAt: '2024-01-02T00:00:00Z' }),
          Delta.upsert('t', '2', { b: 1 }, 's', { occurredAt: '2024-01-01T00:00:00Z' }),
        ],
        mergeTwo,
      );
      await store.applyDelta(
        Delta.upsert('t', '2', { c: 2 }, 's', { occurredAt: '2024-01-03T00:00:00Z' }),
        mergeTwo,
      );
      const copies = await store.query(
        'SELECT record_id, payload FROM mirror_record_state WHERE payload IS NOT NULL',
      );
      expect(copies).toEqual([{ record_id: '2', payload: '{"b":1,"c":2}' }]);
      expect(await store.query('SELECT record_id, payload FROM mirror_records ORDER BY 1')).toEqual(
        [
          { record_id: '1', payload: '{"a":2}' },
          { record_id: '2', payload: '{"b":1,"c":2}' },
        ],
      );
      expect((await store.getRecord('t', '1'))?.payload).toEqual({ a: 2 });
      expect((await store.listRecords('t')).map((record) => record.payload)).toEqual([
        { a: 2 },
        { b: 1, c: 2 },
      ]);
    } finally {
      await store.close();
    }
  });

  it('drops the copies of an older mirror in place and reads the same records', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'layout-'));
    const path = join(dir, 'mirror.db');
    copyFileSync(join(__dirname, 'legacy', 'log-0.1.0.db'), path);
    const raw = new Database(path, { readonly: true });
    const before = raw.prepare('SELECT * FROM mirror_records ORDER BY resource, record_id').all();
    raw.close();
    expect(before.length).toBeGreaterThan(0);
    const store = await SqliteMirrorStore.open(path, { strategy: lww });
    try {
      expect(
        await store.query(
          'SELECT count(*) AS n FROM mirror_record_state WHERE payload IS NOT NULL',
        ),
      ).toEqual([{ n: 0 }]);
      expect(
        await store.query('SELECT * FROM mirror_records ORDER BY resource, record_id'),
      ).toEqual(before);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
