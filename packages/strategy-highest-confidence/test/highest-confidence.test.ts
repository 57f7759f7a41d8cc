import { Delta, type MirroredRecord } from '@oxide-mirror/core';
import { HighestConfidence } from '@oxide-mirror/strategy-highest-confidence';

const EARLY = '2024-01-01T00:00:00.000Z';
const LATE = '2024-01-03T00:00:00.000Z';

function recordWith(confidence: number, overrides: Partial<MirroredRecord> = {}): MirroredRecord {
  return {
    resource: 'pets',
    recordId: '1',
    payload: { name: 'Rex' },
    source: 'petstore',
    confidence,
    version: 1,
    occurredAt: LATE,
    lastSyncedAt: LATE,
    deleted: false,
    ...overrides,
  };
}

function tombstoneWith(confidence: number): MirroredRecord {
  return recordWith(confidence, { payload: null, deleted: true, version: 2 });
}

function upsertWith(confidence: number, occurredAt = LATE): Delta {
  return Delta.upsert('pets', '1', { name: 'Max' }, 'crm', { confidence, occurredAt });
}

function deleteWith(confidence: number): Delta {
  return Delta.delete('pets', '1', 'crm', { confidence, occurredAt: LATE });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const strategy = new HighestConfidence();

describe('HighestConfidence', () => {
  it('is named highest-confidence', () => {
    expect(strategy.name).toBe('highest-confidence');
  });

  it('applies any delta when the record was never seen', () => {
    expect(strategy.resolve(undefined, upsertWith(0))).toEqual({ kind: 'apply' });
    expect(strategy.resolve(undefined, deleteWith(0))).toEqual({ kind: 'apply' });
  });

  it('applies a more confident upsert', () => {
    expect(strategy.resolve(recordWith(0.5), upsertWith(0.9))).toEqual({ kind: 'apply' });
  });

  it('applies an upsert exactly as confident as the record', () => {
    expect(strategy.resolve(recordWith(0.5), upsertWith(0.5))).toEqual({ kind: 'apply' });
    expect(strategy.resolve(recordWith(0), upsertWith(0))).toEqual({ kind: 'apply' });
  });

  it('skips a lower-confidence upsert', () => {
    expect(strategy.resolve(recordWith(0.9), upsertWith(0.1))).toEqual({ kind: 'skip' });
  });

  it('skips a lower-confidence delete', () => {
    expect(strategy.resolve(recordWith(0.9), deleteWith(0.1))).toEqual({ kind: 'skip' });
  });

  it('applies a delete at least as confident as the record', () => {
    expect(strategy.resolve(recordWith(0.9), deleteWith(0.9))).toEqual({ kind: 'apply' });
  });

  it('ignores time: an older but more confident upsert applies', () => {
    const existing = recordWith(0.5, { occurredAt: LATE });
    expect(strategy.resolve(existing, upsertWith(0.9, EARLY))).toEqual({ kind: 'apply' });
  });

  it('weighs an upsert against the confidence of the delete behind a tombstone', () => {
    expect(strategy.resolve(tombstoneWith(0.9), upsertWith(0.1))).toEqual({ kind: 'skip' });
    expect(strategy.resolve(tombstoneWith(0.5), upsertWith(0.9))).toEqual({ kind: 'apply' });
  });

  it('gives the same resolution for the same inputs every time', () => {
    const existing = recordWith(0.5);
    for (const incoming of [upsertWith(0.1), upsertWith(0.5), deleteWith(1)]) {
      expect(strategy.resolve(existing, incoming)).toEqual(strategy.resolve(existing, incoming));
    }
  });

  it('does not change the record or the delta it resolves', () => {
    const existing = deepFreeze(recordWith(0.5));
    const incoming = deepFreeze(upsertWith(0.9));
    const before = structuredClone({ existing, incoming });
    strategy.resolve(existing, incoming);
    expect({ existing, incoming }).toEqual(before);
  });
});
