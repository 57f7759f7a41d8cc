import { Delta, type JsonObject, type MirroredRecord } from '@oxide-mirror/core';
import { MergeJson } from '@oxide-mirror/strategy-merge-json';

const EARLY = '2024-01-01T00:00:00.000Z';
const MIDDLE = '2024-01-02T00:00:00.000Z';
const LATE = '2024-01-03T00:00:00.000Z';

function recordOf(payload: JsonObject, occurredAt = MIDDLE): MirroredRecord {
  return {
    resource: 'pets',
    recordId: '1',
    payload,
    source: 'petstore',
    confidence: 1,
    version: 1,
    occurredAt,
    lastSyncedAt: occurredAt,
    deleted: false,
  };
}

function tombstoneAt(occurredAt: string): MirroredRecord {
  return { ...recordOf({}, occurredAt), payload: null, deleted: true, version: 2 };
}

function upsertOf(payload: JsonObject, occurredAt = LATE): Delta {
  return Delta.upsert('pets', '1', payload, 'petstore', { occurredAt });
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

const strategy = new MergeJson();

describe('MergeJson', () => {
  it('is named merge-json', () => {
    expect(strategy.name).toBe('merge-json');
  });

  it('applies an upsert when the record was never seen', () => {
    expect(strategy.resolve(undefined, upsertOf({ name: 'Rex' }))).toEqual({ kind: 'apply' });
  });

  it('deep-merges an upsert into the record, keeping keys the upsert leaves out', () => {
    const existing = recordOf({ name: 'Rex', tags: { color: 'brown' } });
    const resolution = strategy.resolve(existing, upsertOf({ tags: { size: 'L' } }));
    expect(resolution).toEqual({
      kind: 'merge',
      payload: { name: 'Rex', tags: { color: 'brown', size: 'L' } },
    });
  });

  it('lets the upsert win on keys both sides have', () => {
    const existing = recordOf({ name: 'Rex', age: 3 });
    expect(strategy.resolve(existing, upsertOf({ name: 'Max' }))).toEqual({
      kind: 'merge',
      payload: { name: 'Max', age: 3 },
    });
  });

  it('replaces arrays instead of merging them', () => {
    const existing = recordOf({ toys: ['ball', 'rope'], tags: { list: [1, 2, 3] } });
    const resolution = strategy.resolve(existing, upsertOf({ toys: ['bone'], tags: { list: [] } }));
    expect(resolution).toEqual({ kind: 'merge', payload: { toys: ['bone'], tags: { list: [] } } });
  });

  it('merges an upsert that happened at the same time as the record', () => {
    const existing = recordOf({ name: 'Rex' }, MIDDLE);
    expect(strategy.resolve(existing, upsertOf({ age: 3 }, MIDDLE))).toEqual({
      kind: 'merge',
      payload: { name: 'Rex', age: 3 },
    });
  });

  it('skips an upsert older than the record', () => {
    const existing = recordOf({ name: 'Rex' }, MIDDLE);
    expect(strategy.resolve(existing, upsertOf({ name: 'Old' }, EARLY))).toEqual({ kind: 'skip' });
  });

  it('skips a delete older than the record', () => {
    expect(strategy.resolve(recordOf({ name: 'Rex' }, MIDDLE), deleteAt(EARLY))).toEqual({
      kind: 'skip',
    });
  });

  it('applies a delete newer than the record', () => {
    expect(strategy.resolve(recordOf({ name: 'Rex' }, MIDDLE), deleteAt(LATE))).toEqual({
      kind: 'apply',
    });
  });

  it('applies an upsert newer than a tombstone as is, with nothing to merge into', () => {
    expect(strategy.resolve(tombstoneAt(MIDDLE), upsertOf({ name: 'Rex' }, LATE))).toEqual({
      kind: 'apply',
    });
  });

  it('skips an upsert older than a tombstone, so a deleted record stays deleted', () => {
    expect(strategy.resolve(tombstoneAt(MIDDLE), upsertOf({ name: 'Rex' }, EARLY))).toEqual({
      kind: 'skip',
    });
  });

  it('gives equal resolutions for the same inputs every time', () => {
    const existing = recordOf({ name: 'Rex', tags: { color: 'brown' } });
    const incoming = upsertOf({ tags: { size: 'L' } });
    expect(strategy.resolve(existing, incoming)).toEqual(strategy.resolve(existing, incoming));
  });

  it('does not change the record or the delta it merges', () => {
    const existing = deepFreeze(
      recordOf({ name: 'Rex', tags: { color: 'brown' }, toys: ['ball'] }),
    );
    const incoming = deepFreeze(upsertOf({ tags: { size: 'L' }, toys: ['bone'] }));
    const before = structuredClone({ existing, incoming });
    const resolution = strategy.resolve(existing, incoming);
    expect({ existing, incoming }).toEqual(before);
    // The merged payload is a fresh object: writing to it must not reach the frozen inputs.
    if (resolution.kind !== 'merge') throw new Error(`expected a merge, got ${resolution.kind}`);
    expect(Object.isFrozen(resolution.payload)).toBe(false);
    expect(Object.isFrozen(resolution.payload.tags)).toBe(false);
    expect(Object.isFrozen(resolution.payload.toys)).toBe(false);
  });
});
