import {
  Delta,
  InvalidDeltaError,
  isJsonObject,
  prepareDelta,
  validateDelta,
} from '@oxide-mirror/core';

describe('Delta builders', () => {
  it('builds an upsert with confidence 1 and the current time by default', () => {
    const before = Date.now();
    const delta = Delta.upsert('pets', '1', { name: 'Rex' }, 'petstore');
    expect(delta).toMatchObject({
      resource: 'pets',
      recordId: '1',
      op: 'upsert',
      payload: { name: 'Rex' },
      provenance: { source: 'petstore', confidence: 1 },
    });
    expect(Date.parse(delta.occurredAt)).toBeGreaterThanOrEqual(before);
  });

  it('builds a delete with a null payload and the given options', () => {
    const delta = Delta.delete('pets', '1', 'petstore', {
      confidence: 0.5,
      occurredAt: new Date(0),
    });
    expect(delta).toMatchObject({
      op: 'delete',
      payload: null,
      occurredAt: '1970-01-01T00:00:00.000Z',
    });
    expect(delta.provenance.confidence).toBe(0.5);
  });

  it('normalizes occurredAt to ISO-8601 UTC with milliseconds', () => {
    const delta = Delta.upsert('pets', '1', {}, 'p', { occurredAt: '2026-03-01T12:00:00+02:00' });
    expect(delta.occurredAt).toBe('2026-03-01T10:00:00.000Z');
  });

  it.each([
    ['resource', () => Delta.upsert('', '1', {}, 'p')],
    ['recordId', () => Delta.upsert('pets', '', {}, 'p')],
    ['provenance.source', () => Delta.upsert('pets', '1', {}, '')],
    ['provenance.confidence', () => Delta.upsert('pets', '1', {}, 'p', { confidence: 2 })],
    ['provenance.confidence', () => Delta.upsert('pets', '1', {}, 'p', { confidence: NaN })],
    ['occurredAt', () => Delta.upsert('pets', '1', {}, 'p', { occurredAt: 'not a time' })],
    [
      'occurredAt',
      () => Delta.upsert('pets', '1', {}, 'p', { occurredAt: '+012345-01-01T00:00:00Z' }),
    ],
    ['payload', () => Delta.upsert('pets', '1', [] as never, 'p')],
    ['payload.born', () => Delta.upsert('pets', '1', { born: new Date() } as never, 'p')],
    ['payload.legs[1]', () => Delta.upsert('pets', '1', { legs: [1, Infinity] }, 'p')],
    ['payload.fn', () => Delta.upsert('pets', '1', { fn: (() => 1) as never }, 'p')],
  ])('refuses a bad %s', (field, build) => {
    expect(build).toThrow(InvalidDeltaError);
    try {
      build();
    } catch (error) {
      expect((error as InvalidDeltaError).field).toBe(field);
      expect((error as InvalidDeltaError).code).toBe('INVALID_DELTA');
    }
  });

  it('refuses payloads nested deeper than the limit', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 70; i++) deep = (deep.child = {}) as Record<string, unknown>;
    expect(() => validateDelta({ ...Delta.upsert('a', '1', {}, 'p'), payload: root })).toThrow(
      /nests deeper than 64/,
    );
  });

  it('refuses a record id over the limit', () => {
    expect(() => Delta.upsert('a', 'x'.repeat(1025), {}, 'p')).toThrow(
      /1025 characters long \(limit 1024\)/,
    );
  });

  it('does not let a later change to the input alter a validated delta', () => {
    const input = { ...Delta.upsert('a', '1', { n: 1 }, 'p') };
    const validated = validateDelta(input);
    input.provenance.confidence = 0;
    expect(validated.provenance.confidence).toBe(1);
  });
});

describe('delta identity', () => {
  const at = { occurredAt: '2026-01-01T00:00:00Z' };

  it('gives a re-sent delta the same id whatever its confidence', () => {
    const one = prepareDelta(Delta.upsert('a', '1', { n: 1 }, 'p', { ...at, confidence: 1 }));
    const two = prepareDelta(Delta.upsert('a', '1', { n: 1 }, 'p', { ...at, confidence: 0.2 }));
    expect(one.eventId).toBe(two.eventId);
    expect(one.eventId).toMatch(/^[0-9a-f]{40}$/);
  });

  it('gives different ids to deltas that differ in any identifying field', () => {
    const ids = new Set(
      [
        Delta.upsert('a', '1', { n: 1 }, 'p', at),
        Delta.upsert('b', '1', { n: 1 }, 'p', at),
        Delta.upsert('a', '2', { n: 1 }, 'p', at),
        Delta.upsert('a', '1', { n: 2 }, 'p', at),
        Delta.upsert('a', '1', { n: 1 }, 'q', at),
        Delta.upsert('a', '1', { n: 1 }, 'p', { occurredAt: '2026-01-01T00:00:01Z' }),
        Delta.delete('a', '1', 'p', at),
        // Field values that would collide if identity were a plain concatenation.
        Delta.upsert('a', '11', { n: 1 }, 'p', at),
        Delta.upsert('a1', '1', { n: 1 }, 'p', at),
      ].map((delta) => prepareDelta(delta).eventId),
    );
    expect(ids.size).toBe(9);
  });
});

describe('isJsonObject', () => {
  it('accepts plain and prototype-less objects and refuses arrays, null and instances', () => {
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject(Object.create(null))).toBe(true);
    expect(isJsonObject([])).toBe(false);
    expect(isJsonObject(null)).toBe(false);
    expect(isJsonObject(new Date())).toBe(false);
    expect(isJsonObject(new (class Pet {})())).toBe(false);
  });
});
