import { FakeClock, KIT_EPOCH } from '@oxide-mirror/testing';

describe('FakeClock', () => {
  it('starts at the kit epoch and stands still', () => {
    const clock = new FakeClock();
    expect(clock.now().toISOString()).toBe(KIT_EPOCH);
    expect(clock.now().toISOString()).toBe(KIT_EPOCH);
  });

  it('moves forward by advance and anywhere by set', () => {
    const clock = new FakeClock('2024-03-01T00:00:00.000Z');
    expect(clock.advance(1500).now().toISOString()).toBe('2024-03-01T00:00:01.500Z');
    expect(clock.set(new Date(0)).now().toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  it('advances by its step on every read when given one', () => {
    const clock = new FakeClock(KIT_EPOCH, 1000);
    const reads = [clock.now(), clock.now(), clock.now()].map((date) => date.toISOString());
    expect(reads).toEqual([
      '2024-01-01T00:00:00.000Z',
      '2024-01-01T00:00:01.000Z',
      '2024-01-01T00:00:02.000Z',
    ]);
  });

  it('hands out dates a caller may change without moving the clock', () => {
    const clock = new FakeClock();
    clock.now().setFullYear(1999);
    expect(clock.now().toISOString()).toBe(KIT_EPOCH);
  });

  it('refuses to run backwards or to an invalid time', () => {
    const clock = new FakeClock();
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.set('yesterday')).toThrow(/valid time/);
    expect(() => new FakeClock(KIT_EPOCH, -5)).toThrow(/step/);
  });
});
