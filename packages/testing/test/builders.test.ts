import {
  DEFAULT_TEST_RESOURCE,
  DEFAULT_TEST_SOURCE,
  deleteAt,
  recordAt,
  recordIdOf,
  timeAt,
  tombstoneAt,
  upsertAt,
  upstreamRecords,
} from '@oxide-mirror/testing';

describe('builders', () => {
  it('reads numbers as minutes after the kit epoch and normalizes other times', () => {
    expect(timeAt(0)).toBe('2024-01-01T00:00:00.000Z');
    expect(timeAt(90.5)).toBe('2024-01-01T01:30:30.000Z');
    expect(timeAt('2024-01-02T00:00:00+02:00')).toBe('2024-01-01T22:00:00.000Z');
    expect(timeAt(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(() => timeAt('soon')).toThrow(RangeError);
  });

  it('builds valid deltas with test defaults', () => {
    expect(upsertAt(5, 'a', { name: 'Ada' })).toEqual({
      resource: DEFAULT_TEST_RESOURCE,
      recordId: 'a',
      op: 'upsert',
      payload: { name: 'Ada' },
      occurredAt: '2024-01-01T00:05:00.000Z',
      provenance: { source: DEFAULT_TEST_SOURCE, confidence: 1 },
    });
    expect(deleteAt(6, 'a', { source: 'crm', confidence: 0.5, resource: 'people' })).toEqual({
      resource: 'people',
      recordId: 'a',
      op: 'delete',
      payload: null,
      occurredAt: '2024-01-01T00:06:00.000Z',
      provenance: { source: 'crm', confidence: 0.5 },
    });
  });

  it('validates what it builds, as core does', () => {
    expect(() => upsertAt(1, '', {})).toThrow(/recordId/);
    expect(() => upsertAt(1, 'a', {}, { confidence: 2 })).toThrow(/confidence/);
  });

  it('builds live records and tombstones as stores hand them to strategies', () => {
    expect(recordAt(3, { recordId: 'a', source: 'crm' })).toEqual({
      resource: 'items',
      recordId: 'a',
      payload: { name: 'record a' },
      source: 'crm',
      confidence: 1,
      version: 1,
      occurredAt: '2024-01-01T00:03:00.000Z',
      lastSyncedAt: '2024-01-01T00:03:00.000Z',
      deleted: false,
    });
    expect(tombstoneAt(4, { source: 'crm' })).toMatchObject({
      payload: null,
      deleted: true,
      version: 2,
      source: 'crm',
      occurredAt: '2024-01-01T00:04:00.000Z',
    });
  });

  it('generates upstream records in time order, with a block of equal times when asked', () => {
    const records = upstreamRecords({ count: 5, from: 8, startMinute: 10, sameTime: [1, 4] });
    expect(records.map((record) => record.id)).toEqual([8, 9, 10, 11, 12].map(recordIdOf));
    expect(records.map((record) => record.updatedAt.slice(11, 16))).toEqual([
      '00:10',
      '00:11',
      '00:11',
      '00:11',
      '00:14',
    ]);
    expect(records[0]).toMatchObject({ id: 'rec-008', name: 'Item 8', value: 80 });
  });
});
