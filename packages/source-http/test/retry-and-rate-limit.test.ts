import { RateLimiter, RetryPolicy, parseRetryAfter } from '@oxide-mirror/source-http';
import { FakeTime } from './fake-time';

describe('RetryPolicy', () => {
  it('backs off exponentially with equal jitter, up to the maximum', () => {
    const low = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 }, () => 0);
    const high = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 }, () => 1);
    expect([1, 2, 3, 4, 5, 6].map((retry) => low.backoffMs(retry))).toEqual([
      50, 100, 200, 400, 500, 500,
    ]);
    expect([1, 2, 3, 4, 5, 6].map((retry) => high.backoffMs(retry))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('retries 408, 429 and 5xx but not other statuses', () => {
    const policy = new RetryPolicy();
    expect([408, 429, 500, 502, 503, 504].every((status) => policy.isRetryableStatus(status))).toBe(
      true,
    );
    expect([400, 401, 403, 404, 422, 501].some((status) => policy.isRetryableStatus(status))).toBe(
      false,
    );
  });

  it('has sane defaults and clamps nonsense', () => {
    const policy = new RetryPolicy({ maxAttempts: 0 });
    expect(policy.maxAttempts).toBe(1);
    expect(new RetryPolicy().maxAttempts).toBe(4);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2030-01-01T00:00:00.000Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date relative to the clock, a past one as no wait', () => {
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 31 Dec 2029 23:00:00 GMT', now)).toBe(0);
  });

  it('reads the obsolete RFC 850 and asctime date forms', () => {
    expect(parseRetryAfter('Tuesday, 01-Jan-30 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Tue Jan  1 00:00:20 2030', now)).toBeGreaterThanOrEqual(0);
  });

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('RateLimiter', () => {
  it('spaces requests evenly at the configured rate', async () => {
    const time = new FakeTime();
    const limiter = new RateLimiter({ requestsPerSecond: 4 }, time.clock, time.sleep);
    for (let i = 0; i < 4; i++) await limiter.acquire();
    expect(time.sleeps).toEqual([250, 250, 250]);
  });

  it('lets a burst through at once after a quiet spell, then paces', async () => {
    const time = new FakeTime();
    const limiter = new RateLimiter({ requestsPerSecond: 2, burst: 3 }, time.clock, time.sleep);
    await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    expect(time.sleeps).toEqual([]);
    await limiter.acquire();
    expect(time.sleeps).toEqual([500]);
    time.advance(10_000);
    await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    expect(time.sleeps).toEqual([500]);
  });

  it('serves waiting callers in order and lets an aborted one go', async () => {
    const time = new FakeTime();
    const limiter = new RateLimiter({ requestsPerSecond: 1 }, time.clock, time.sleep);
    const order: string[] = [];
    const aborted = new AbortController();
    aborted.abort(new Error('gave up'));
    await Promise.all([
      limiter.acquire().then(() => order.push('a')),
      expect(limiter.acquire(aborted.signal)).rejects.toThrow('gave up'),
      limiter.acquire().then(() => order.push('c')),
    ]);
    expect(order).toEqual(['a', 'c']);
  });
});
