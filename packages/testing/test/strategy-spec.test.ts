import { AssertionError } from 'node:assert';
import { isOlderThan, type ConflictStrategy } from '@oxide-mirror/core';
import { deleteAt, recordAt, strategySpec, tombstoneAt, upsertAt } from '@oxide-mirror/testing';

const lastWriteWins: ConflictStrategy = {
  name: 'lww',
  resolve: (existing, incoming) =>
    existing !== undefined && isOlderThan(incoming, existing)
      ? { kind: 'skip' }
      : { kind: 'apply' },
};

const shallowMerge: ConflictStrategy = {
  name: 'merge',
  resolve: (existing, incoming) =>
    existing?.payload && incoming.payload
      ? { kind: 'merge', payload: { ...existing.payload, ...incoming.payload } }
      : { kind: 'apply' },
};

describe('strategySpec', () => {
  const spec = strategySpec(lastWriteWins);

  it('passes when the strategy resolves as expected', () => {
    spec
      .givenNoRecord()
      .whenDelta(upsertAt(1, '1', { n: 1 }))
      .thenApplies();
    spec
      .givenRecord(recordAt(5))
      .whenDelta(upsertAt(1, '1', { n: 1 }))
      .thenSkips();
    spec.givenRecord(recordAt(5)).whenDelta(deleteAt(6, '1')).thenResolution({ kind: 'apply' });
  });

  it('fails with an assertion error when it does not', () => {
    expect(() =>
      spec
        .givenRecord(recordAt(5))
        .whenDelta(upsertAt(9, '1', {}))
        .thenSkips(),
    ).toThrow(AssertionError);
  });

  it('describes the record a store would hold afterwards', () => {
    spec
      .givenRecord(recordAt(1, { version: 3 }))
      .whenDelta(upsertAt(2, '1', { n: 2 }, { source: 'crm', confidence: 0.4 }))
      .thenRecord({
        payload: { n: 2 },
        source: 'crm',
        confidence: 0.4,
        version: 4,
        deleted: false,
      });
    spec
      .givenNoRecord()
      .whenDelta(deleteAt(1, '1'))
      .thenRecord({ deleted: true, payload: null, version: 1 });
    spec
      .givenRecord(tombstoneAt(5))
      .whenDelta(upsertAt(1, '1', {}))
      .thenRecord({ deleted: true });
    spec
      .givenNoRecord()
      .whenDelta(upsertAt(1, '1', {}))
      .thenRecord({ version: 1 });
    expect(() =>
      strategySpec({ name: 'never', resolve: () => ({ kind: 'skip' }) })
        .givenNoRecord()
        .whenDelta(upsertAt(1, '1', {}))
        .thenRecord({ version: 1 }),
    ).toThrow(AssertionError);
  });

  it('checks merges, and the merged record', () => {
    const merge = strategySpec(shallowMerge).givenRecord(recordAt(1, { payload: { a: 1 } }));
    merge.whenDelta(upsertAt(2, '1', { b: 2 })).thenMerges({ a: 1, b: 2 });
    merge.whenDelta(upsertAt(2, '1', { b: 2 })).thenRecord({ payload: { a: 1, b: 2 }, version: 2 });
  });

  it('runs the strategy on frozen inputs, so one that writes into them fails', () => {
    const writer = strategySpec({
      name: 'writer',
      resolve: (existing) => {
        if (existing?.payload) existing.payload.touched = true;
        return { kind: 'apply' };
      },
    });
    expect(() =>
      writer
        .givenRecord(recordAt(1))
        .whenDelta(upsertAt(2, '1', {}))
        .thenApplies(),
    ).toThrow(/threw: TypeError/);
  });

  it('refuses an invalid resolution before comparing', () => {
    const merger = strategySpec({ name: 'm', resolve: () => ({ kind: 'merge', payload: {} }) });
    expect(() => merger.givenNoRecord().whenDelta(deleteAt(1, '1')).thenMerges({})).toThrow(
      /merge for a delete/,
    );
  });
});
