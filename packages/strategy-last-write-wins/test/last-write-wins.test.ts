import { Delta, type MirroredRecord } from '@oxide-mirror/core';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';

const EARLY = '2024-01-01T00:00:00.000Z';
const MIDDLE = '2024-01-02T00:00:00.000Z';
const LATE = '2024-01-03T00:00:00.000Z';

function recordAt(occurredAt: string, overrides: Partial<MirroredRecord> = {}): MirroredRecord {
  return {
    resource: 'pets',
    recordId: '1',
    payload: { name: 'Rex' },
    source: 'petstore',
    confidence: 1,
    version: 1,
    occurredAt,
    lastSyncedAt: occurredAt,
    deleted: false,
    ...overrides,
  };
}

function tombstoneAt(occurredAt: string): MirroredRecord {
  return recordAt(occurredAt, { payload: null, deleted: true, version: 2 });
}

function upsertAt(occurredAt: string, confidence = 1): Delta {
  return Delta.upsert('pets', '1', { name: 'Max' }, 'petstore', { occurredAt, confidence });
}

function deleteAt(occurredAt: string): Delta {
  return Delta.delete('pets', '1', 'petstore', { occurredAt });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const strategy = new LastWriteWins();

describe('LastWriteWins', () => {
  it('is named last-write-wins', () => {
    expect(strategy.name).toBe('last-write-wins');
  });

  it('applies an upsert when the record was never seen', () => {
    expect(strategy.resolve(undefined, upsertAt(EARLY))).toEqual({ kind: 'apply' });
  });

  it('applies a delete when the record was never seen', () => {
    expect(strategy.resolve(undefined, deleteAt(EARLY))).toEqual({ kind: 'apply' });
  });

  it('applies an upsert newer than the record', () => {
    expect(strategy.resolve(recordAt(MIDDLE), upsertAt(LATE))).toEqual({ kind: 'apply' });
  });

  it('skips an upsert older than the record', () => {
    expect(strategy.resolve(recordAt(MIDDLE), upsertAt(EARLY))).toEqual({ kind: 'skip' });
  });

  it('lets the incoming upsert win when both happened at the same time', () => {
    expect(strategy.resolve(recordAt(MIDDLE), upsertAt(MIDDLE))).toEqual({ kind: 'apply' });
  });

  it('applies a delete newer than the record', () => {
    expect(strategy.resolve(recordAt(MIDDLE), deleteAt(LATE))).toEqual({ kind: 'apply' });
  });

  it('skips a delete older than the record', () => {
    expect(strategy.resolve(recordAt(MIDDLE), deleteAt(EARLY))).toEqual({ kind: 'skip' });
  });

  it('skips an upsert older than a tombstone, so a deleted record stays deleted', () => {
    expect(strategy.resolve(tombstoneAt(MIDDLE), upsertAt(EARLY))).toEqual({ kind: 'skip' });
  });

  it('applies an upsert newer than a tombstone', () => {
    expect(strategy.resolve(tombstoneAt(MIDDLE), upsertAt(LATE))).toEqual({ kind: 'apply' });
  });

  it('lets an upsert at the same time as a tombstone win', () => {
    expect(strategy.resolve(tombstoneAt(MIDDLE), upsertAt(MIDDLE))).toEqual({ kind: 'apply' });
  });

  it('orders by instant, not by how the time was written', () => {
    // 01:00 at +02:00 is 23:00 UTC the day before MIDDLE.
    const incoming = upsertAt('2024-01-02T01:00:00+02:00');
    expect(strategy.resolve(recordAt(MIDDLE), incoming)).toEqual({ kind: 'skip' });
  });

  it('ignores confidence: a newer, less trusted upsert still applies', () => {
    const existing = recordAt(MIDDLE, { confidence: 1 });
    expect(strategy.resolve(existing, upsertAt(LATE, 0.1))).toEqual({ kind: 'apply' });
  });

  it('gives the same resolution for the same inputs every time', () => {
    const existing = recordAt(MIDDLE);
    for (const incoming of [upsertAt(EARLY), upsertAt(MIDDLE), deleteAt(LATE)]) {
      expect(strategy.resolve(existing, incoming)).toEqual(strategy.resolve(existing, incoming));
    }
  });

  it('does not change the record or the delta it resolves', () => {
    const existing = deepFreeze(recordAt(MIDDLE));
    const incoming = deepFreeze(upsertAt(LATE));
    const before = structuredClone({ existing, incoming });
    strategy.resolve(existing, incoming);
    expect({ existing, incoming }).toEqual(before);
  });
});
