import { systemClock, type Clock } from '@oxide-mirror/core';
import { realSleep, type Sleep } from './sleep';

/** A request rate: `requestsPerSecond` on average, at most `burst` back to back. */
export interface RateLimitOptions {
  /** Average requests per second; fractions allowed (0.5 is one request every two seconds). */
  requestsPerSecond: number;
  /** Requests that may go out at once after a quiet spell. Default 1. */
  burst?: number;
}

/**
 * A token bucket shared by every request of one source (or of several, when they share the
 * instance). Callers wait their turn in order, so a burst of requests cannot starve one of them.
 *
 * @example
 * const limiter = new RateLimiter({ requestsPerSecond: 5 });
 * await limiter.acquire(signal); // then send the request
 */
export class RateLimiter {
  private readonly ratePerMs: number;
  private readonly burst: number;
  private tokens: number;
  private refilledAt: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    options: RateLimitOptions,
    private readonly clock: Clock = systemClock,
    private readonly sleep: Sleep = realSleep,
  ) {
    this.ratePerMs = options.requestsPerSecond / 1000;
    this.burst = Math.max(1, Math.floor(options.burst ?? 1));
    this.tokens = this.burst;
    this.refilledAt = clock.now().getTime();
  }

  /** Resolves when a request may be sent; rejects with the signal's reason when it aborts. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.take(signal));
    // A caller that gave up must not block the ones queued behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async take(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil((1 - this.tokens) / this.ratePerMs), signal);
    }
  }

  private refill(): void {
    const now = this.clock.now().getTime();
    // A clock that steps back must not mint tokens, nor take them away.
    const elapsed = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.ratePerMs);
    this.refilledAt = Math.max(now, this.refilledAt);
  }
}
