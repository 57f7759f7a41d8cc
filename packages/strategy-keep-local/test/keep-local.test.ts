import { Delta, type MirroredRecord } from '@oxide-mirror/core';
import { KeepLocal } from '@oxide-mirror/strategy-keep-local';

const EARLY = '2024-01-01T00:00:00.000Z';
const LATE = '2024-01-03T00:00:00.000Z';

function existingRecord(overrides: Partial<MirroredRecord> = {}): MirroredRecord {
  return {
    resource: 'invoices',
    recordId: 'inv-1',
    payload: { total: 100 },
    source: 'billing',
    confidence: 0.2,
    version: 1,
    occurredAt: EARLY,
    lastSyncedAt: EARLY,
    deleted: false,
    ...overrides,
  };
}

function tombstone(): MirroredRecord {
  return existingRecord({ payload: null, deleted: true, version: 2 });
}

function newerUpsert(): Delta {
  return Delta.upsert('invoices', 'inv-1', { total: 250 }, 'billing', {
    occurredAt: LATE,
    confidence: 1,
  });
}

function newerDelete(): Delta {
  return Delta.delete('invoices', 'inv-1', 'billing', { occurredAt: LATE, confidence: 1 });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const strategy = new KeepLocal();

describe('KeepLocal', () => {
  it('is named keep-local', () => {
    expect(strategy.name).toBe('keep-local');
  });

  it('applies an upsert when the record was never seen', () => {
    expect(strategy.resolve(undefined, newerUpsert())).toEqual({ kind: 'apply' });
  });

  it('applies a delete when the record was never seen', () => {
    expect(strategy.resolve(undefined, newerDelete())).toEqual({ kind: 'apply' });
  });

  it('keeps an existing record against a newer, more confident upsert', () => {
    expect(strategy.resolve(existingRecord(), newerUpsert())).toEqual({ kind: 'skip' });
  });

  it('keeps an existing record against a delete', () => {
    expect(strategy.resolve(existingRecord(), newerDelete())).toEqual({ kind: 'skip' });
  });

  it('keeps a tombstone, so a locally deleted record stays deleted', () => {
    expect(strategy.resolve(tombstone(), newerUpsert())).toEqual({ kind: 'skip' });
  });

  it('gives the same resolution for the same inputs every time', () => {
    for (const existing of [undefined, existingRecord(), tombstone()]) {
      const incoming = newerUpsert();
      expect(strategy.resolve(existing, incoming)).toEqual(strategy.resolve(existing, incoming));
    }
  });

  it('does not change the record or the delta it resolves', () => {
    const existing = deepFreeze(existingRecord());
    const incoming = deepFreeze(newerUpsert());
    const before = structuredClone({ existing, incoming });
    strategy.resolve(existing, incoming);
    expect({ existing, incoming }).toEqual(before);
  });
});
