import { AssertionError } from 'node:assert';
import { isOlderThan, type ConflictStrategy } from '@oxide-mirror/core';
import { deleteAt, projectionSpec, upsertAt } from '@oxide-mirror/testing';

const lastWriteWins: ConflictStrategy = {
  name: 'lww',
  resolve: (existing, incoming) =>
    existing !== undefined && isOlderThan(incoming, existing)
      ? { kind: 'skip' }
      : { kind: 'apply' },
};

describe('projectionSpec', () => {
  const spec = projectionSpec(lastWriteWins);

  it('projects given and when deltas through a real store', async () => {
    const afterDelete = spec
      .given(upsertAt(1, 'a', { name: 'Ada' }), upsertAt(1, 'b', { name: 'Bob' }))
      .given(deleteAt(5, 'a'))
      .when(upsertAt(3, 'a', { name: 'late' }), upsertAt(6, 'b', { name: 'Bob 2' }));
    await afterDelete.thenRecords('items', [
      { recordId: 'b', payload: { name: 'Bob 2' }, version: 2 },
    ]);
    await afterDelete.thenDecisions(['skipped', 'applied']);
    await afterDelete.thenEventCount(5);
    await afterDelete.thenHistory('items', 'a', [
      { op: 'upsert', decision: 'applied', version: 1 },
      { op: 'delete', decision: 'applied', version: 2 },
      { op: 'upsert', decision: 'skipped', payload: { name: 'late' } },
    ]);
  });

  it('reports a re-sent delta as a duplicate', async () => {
    const delta = upsertAt(1, 'a', { n: 1 });
    await spec.given(delta).when(delta).thenDecisions(['duplicate']);
  });

  it('fails when the records differ, listing what the store holds', async () => {
    const run = spec
      .when(upsertAt(1, 'a', { n: 1 }), upsertAt(1, 'b', { n: 2 }))
      .thenRecords('items', [{ recordId: 'a' }]);
    await expect(run).rejects.toThrow(AssertionError);
    await expect(run).rejects.toThrow(/recordId: 'b'/);
  });

  it('fails when batching changes the outcome: the strategy must not depend on batches', async () => {
    let calls = 0;
    const batchSensitive: ConflictStrategy = {
      name: 'first-two-only',
      resolve: () => ((calls += 1) <= 2 ? { kind: 'apply' } : { kind: 'skip' }),
    };
    await expect(
      projectionSpec(batchSensitive)
        .when(upsertAt(1, 'a', { n: 1 }), upsertAt(2, 'a', { n: 2 }))
        .thenRecords('items', [{ recordId: 'a', version: 2 }]),
    ).rejects.toThrow(/projected one delta at a time, gave other records/);
  });

  it('returns the whole outcome for custom assertions', async () => {
    const outcome = await spec.when(upsertAt(1, 'a', { n: 1 }, { resource: 'pets' })).run();
    expect(outcome.records).toEqual({ pets: [expect.objectContaining({ recordId: 'a' })] });
    expect(outcome.changes).toHaveLength(1);
    expect(outcome.eventCount).toBe(1);
  });
});
