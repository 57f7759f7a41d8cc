import type { Clock } from '@oxide-mirror/core';
import { KIT_EPOCH } from './test-time';

/**
 * A {@link Clock} that stands still until a test moves it, so times a store records
 * (`lastSyncedAt`, cursor update times) are predictable. Give `step` to make every `now()`
 * advance it by that many milliseconds, when a test needs distinct times without managing them.
 *
 * @example
 * const clock = new FakeClock('2024-01-01T00:00:00.000Z');
 * const store = await SqliteMirrorStore.inMemory({ clock });
 * clock.advance(60_000); // one minute later
 * clock.set('2024-06-01T00:00:00.000Z');
 */
export class FakeClock implements Clock {
  private time: number;

  constructor(
    start: Date | string = KIT_EPOCH,
    private readonly step = 0,
  ) {
    this.time = FakeClock.toMs(start);
    if (!Number.isFinite(step) || step < 0) {
      throw new RangeError(`FakeClock step must be a finite number >= 0, got ${step}`);
    }
  }

  /** The current fake time, as a new `Date` the caller may change freely. */
  now(): Date {
    const now = new Date(this.time);
    this.time += this.step;
    return now;
  }

  /** Moves the clock forward by `ms` milliseconds; a clock never runs backwards by accident. */
  advance(ms: number): this {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`FakeClock.advance needs a finite number of ms >= 0, got ${ms}`);
    }
    this.time += ms;
    return this;
  }

  /** Puts the clock at `time` (earlier or later). */
  set(time: Date | string): this {
    this.time = FakeClock.toMs(time);
    return this;
  }

  private static toMs(time: Date | string): number {
    const ms = typeof time === 'string' ? Date.parse(time) : time.getTime();
    if (!Number.isFinite(ms))
      throw new RangeError(`FakeClock needs a valid time, got ${String(time)}`);
    return ms;
  }
}
