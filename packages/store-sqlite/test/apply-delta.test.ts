import { Delta } from '@oxide-mirror/core';
import { HighestConfidence } from '@oxide-mirror/strategy-highest-confidence';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { MergeJson } from '@oxide-mirror/strategy-merge-json';
import type { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { deleteAt, memoryStore, upsertAt } from './fixtures';

describe('applying deltas', () => {
  let store: SqliteMirrorStore;
  beforeEach(async () => {
    store = await memoryStore();
  });
  afterEach(() => store.close());

  it('inserts an upsert into an empty store at version 1', async () => {
    const outcome = await store.applyDelta(
      Delta.upsert('pets', '1', { name: 'Rex' }, 'petstore'),
      new LastWriteWins(),
    );
    expect(outcome).toMatchObject({ applied: true, decision: 'applied', version: 1 });
    expect(await store.getRecord('pets', '1')).toMatchObject({
      payload: { name: 'Rex' },
      source: 'petstore',
      confidence: 1,
      version: 1,
      deleted: false,
    });
  });

  it('bumps the version and takes the new payload and source on a second upsert', async () => {
    const strategy = new LastWriteWins();
    await store.applyDelta(upsertAt(1, 'a', { name: 'Ada' }, 'crm'), strategy);
    const outcome = await store.applyDelta(
      upsertAt(2, 'a', { name: 'Ada L.' }, 'billing'),
      strategy,
    );
    expect(outcome.version).toBe(2);
    expect(await store.getRecord('contacts', 'a')).toMatchObject({
      payload: { name: 'Ada L.' },
      source: 'billing',
      version: 2,
    });
  });

  it('skips a lower-confidence delta but still logs it', async () => {
    const strategy = new HighestConfidence();
    await store.applyDelta(upsertAt(1, 'a', { name: 'good' }, 'crm', 0.9), strategy);
    const outcome = await store.applyDelta(
      upsertAt(2, 'a', { name: 'bad' }, 'scraper', 0.1),
      strategy,
    );
    expect(outcome).toMatchObject({ applied: false, decision: 'skipped' });
    expect((await store.getRecord('contacts', 'a'))?.payload).toEqual({ name: 'good' });
    expect(await store.eventCount()).toBe(2);
  });

  it('deep-merges JSON payloads with MergeJson', async () => {
    const strategy = new MergeJson();
    await store.applyDelta(upsertAt(1, 'a', { name: 'Ada', tags: { color: 'red' } }), strategy);
    const outcome = await store.applyDelta(upsertAt(2, 'a', { tags: { size: 'L' } }), strategy);
    expect(outcome.decision).toBe('merged');
    expect((await store.getRecord('contacts', 'a'))?.payload).toEqual({
      name: 'Ada',
      tags: { color: 'red', size: 'L' },
    });
  });

  it('removes a deleted record from reads but keeps both events', async () => {
    const strategy = new LastWriteWins();
    await store.applyDelta(upsertAt(1, 'a', { name: 'Ada' }), strategy);
    await store.applyDelta(deleteAt(2, 'a'), strategy);
    expect(await store.getRecord('contacts', 'a')).toBeUndefined();
    expect(await store.listRecords('contacts')).toEqual([]);
    expect(await store.recordCounts()).toEqual({ contacts: 0 });
    expect(await store.eventCount()).toBe(2);
    expect(await store.query('SELECT count(*) AS n FROM mirror_records')).toEqual([{ n: 0 }]);
  });

  describe('last-write-wins by occurredAt', () => {
    it('skips an older upsert that arrives after a newer one', async () => {
      const strategy = new LastWriteWins();
      await store.applyDelta(upsertAt(5, 'a', { name: 'new' }), strategy);
      const outcome = await store.applyDelta(upsertAt(3, 'a', { name: 'old' }), strategy);
      expect(outcome.decision).toBe('skipped');
      expect((await store.getRecord('contacts', 'a'))?.payload).toEqual({ name: 'new' });
    });

    it('does not let an older upsert resurrect a deleted record', async () => {
      const strategy = new LastWriteWins();
      await store.applyDelta(upsertAt(1, 'a', { name: 'Ada' }), strategy);
      await store.applyDelta(deleteAt(5, 'a'), strategy);
      const late = await store.applyDelta(upsertAt(3, 'a', { name: 'late' }), strategy);
      expect(late.decision).toBe('skipped');
      expect(await store.getRecord('contacts', 'a')).toBeUndefined();
    });

    it('brings a deleted record back with a newer upsert, continuing its version', async () => {
      const strategy = new LastWriteWins();
      await store.applyDelta(upsertAt(1, 'a', { name: 'Ada' }), strategy);
      await store.applyDelta(deleteAt(5, 'a'), strategy);
      const revived = await store.applyDelta(upsertAt(7, 'a', { name: 'back' }), strategy);
      expect(revived).toMatchObject({ applied: true, version: 3 });
      expect(await store.getRecord('contacts', 'a')).toMatchObject({
        payload: { name: 'back' },
        version: 3,
      });
    });

    it('refuses an older upsert for a record deleted before it was ever seen', async () => {
      const strategy = new LastWriteWins();
      await store.applyDelta(deleteAt(5, 'ghost'), strategy);
      expect((await store.applyDelta(upsertAt(2, 'ghost', { name: 'x' }), strategy)).decision).toBe(
        'skipped',
      );
      expect(await store.getRecord('contacts', 'ghost')).toBeUndefined();
    });
  });

  describe('idempotent appends', () => {
    it('stores and applies a re-sent delta once', async () => {
      const strategy = new LastWriteWins();
      const delta = upsertAt(1, 'a', { name: 'Ada' });
      await store.applyDelta(delta, strategy);
      const again = await store.applyDelta({ ...delta, payload: { name: 'Ada' } }, strategy);
      expect(again).toEqual({ applied: false, decision: 'duplicate' });
      expect(await store.eventCount()).toBe(1);
      expect((await store.getRecord('contacts', 'a'))?.version).toBe(1);
    });

    it('recognises a duplicate within one batch', async () => {
      const delta = upsertAt(1, 'a', { name: 'Ada' });
      const outcomes = await store.applyBatch([delta, delta], new LastWriteWins());
      expect(outcomes.map((outcome) => outcome.decision)).toEqual(['applied', 'duplicate']);
      expect(await store.eventCount()).toBe(1);
    });

    it('treats a change of payload, time, op or source as a new delta', async () => {
      const strategy = new LastWriteWins();
      await store.applyBatch(
        [
          upsertAt(1, 'a', { name: 'Ada' }),
          upsertAt(1, 'a', { name: 'Ada!' }),
          upsertAt(2, 'a', { name: 'Ada!' }),
          upsertAt(2, 'a', { name: 'Ada!' }, 'billing'),
          deleteAt(2, 'a'),
        ],
        strategy,
      );
      expect(await store.eventCount()).toBe(5);
    });
  });

  it('turns a throwing strategy into a StrategyError and writes nothing of the batch', async () => {
    const broken = {
      name: 'broken',
      resolve: () => {
        throw new Error('boom');
      },
    };
    await expect(store.applyBatch([upsertAt(1, 'a', { n: 1 })], broken)).rejects.toMatchObject({
      code: 'STRATEGY_FAILED',
      message: expect.stringContaining('boom'),
    });
    expect(await store.eventCount()).toBe(0);
  });

  it('refuses a strategy answer that is not a resolution', async () => {
    const lying = { name: 'lying', resolve: () => ({ kind: 'maybe' }) as never };
    await expect(store.applyDelta(upsertAt(1, 'a', { n: 1 }), lying)).rejects.toMatchObject({
      code: 'STRATEGY_FAILED',
    });
    expect(await store.eventCount()).toBe(0);
  });
});
