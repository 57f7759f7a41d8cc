import type { Clock } from '@oxide-mirror/core';
import type { Sleep } from '@oxide-mirror/source-http';

/**
 * A clock and a sleep that never wait: sleeping moves the clock forward at once and records
 * how long was asked, so tests can check backoff and rate limits exactly and run fast.
 */
export class FakeTime {
  /** Every sleep asked for, in milliseconds, in order. */
  readonly sleeps: number[] = [];
  private nowMs: number;

  constructor(start = '2030-01-01T00:00:00.000Z') {
    this.nowMs = Date.parse(start);
  }

  /** The fake clock. */
  readonly clock: Clock = { now: () => new Date(this.nowMs) };

  /** The fake sleep: honours aborts, advances the clock, returns on the next tick. */
  readonly sleep: Sleep = async (ms, signal) => {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.nowMs += ms;
    await Promise.resolve();
  };

  /** Moves the clock forward without a sleep. */
  advance(ms: number): void {
    this.nowMs += ms;
  }
}
