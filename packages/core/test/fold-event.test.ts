import {
  Delta,
  Resolutions,
  StrategyError,
  foldEvent,
  type ConflictStrategy,
  type MirroredRecord,
} from '@oxide-mirror/core';

const always = (resolve: ConflictStrategy['resolve']): ConflictStrategy => ({
  name: 'test',
  resolve,
});
const recordedAt = '2026-01-01T00:00:10.000Z';
const at = (second: number): string => `2026-01-01T00:00:0${second}.000Z`;

function fold(strategy: ConflictStrategy, deltas: Delta[]): MirroredRecord | undefined {
  let record: MirroredRecord | undefined;
  for (const delta of deltas) record = foldEvent(strategy, record, delta, recordedAt).record;
  return record;
}

describe('foldEvent', () => {
  const first = Delta.upsert('contacts', '1', { name: 'Ada' }, 'crm', { occurredAt: at(1) });
  const second = Delta.upsert('contacts', '1', { email: 'a@x' }, 'billing', {
    occurredAt: at(2),
  });

  it('lands applied events one version after the other, with the event times', () => {
    const record = fold(
      always(() => Resolutions.apply),
      [first, second],
    );
    expect(record).toEqual({
      resource: 'contacts',
      recordId: '1',
      payload: { email: 'a@x' },
      source: 'billing',
      confidence: 1,
      version: 2,
      occurredAt: at(2),
      lastSyncedAt: recordedAt,
      deleted: false,
    });
  });

  it('keeps the record as it was on a skip and lands a merge payload', () => {
    const skipSecond = always((existing) => (existing ? Resolutions.skip : Resolutions.apply));
    expect(fold(skipSecond, [first, second])?.payload).toEqual({ name: 'Ada' });
    const merge = always((existing, incoming) =>
      Resolutions.merge({ ...existing?.payload, ...incoming.payload }),
    );
    const { resolution, record } = foldEvent(merge, fold(merge, [first]), second, recordedAt);
    expect(resolution.kind).toBe('merge');
    expect(record?.payload).toEqual({ name: 'Ada', email: 'a@x' });
  });

  it('turns a malformed answer into a StrategyError naming the strategy', () => {
    const broken = always(() => ({ kind: 'maybe' }) as never);
    expect(() => foldEvent(broken, undefined, first, recordedAt)).toThrow(StrategyError);
    expect(() => foldEvent(broken, undefined, first, recordedAt)).toThrow(/strategy 'test'/);
  });
});
