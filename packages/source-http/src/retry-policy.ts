/** How an {@link HttpClient} retries; every field has a default. */
export interface RetryOptions {
  /** Requests per URL, the first included. Default 4; 1 disables retries. */
  maxAttempts?: number;
  /** Backoff before the first retry, in milliseconds; doubles with each retry. Default 500. */
  baseDelayMs?: number;
  /** Longest backoff between two attempts, in milliseconds. Default 30 000. */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` wait honoured, in milliseconds. A server asking for more (a spent
   * daily quota) fails the request at once, so the sync ends as partial instead of hanging.
   * Default 120 000.
   */
  maxRetryAfterMs?: number;
}

/**
 * Retry rules: which statuses are worth another attempt and how long to wait before it
 * (exponential backoff with jitter, or what `Retry-After` asks for). `random` is injectable so
 * that tests see exact delays.
 *
 * @example
 * const policy = new RetryPolicy({ maxAttempts: 5, baseDelayMs: 200 });
 * policy.backoffMs(3); // between 400 and 800
 */
export class RetryPolicy {
  /** Requests per URL, the first included. */
  readonly maxAttempts: number;
  /** Backoff before the first retry, in milliseconds. */
  readonly baseDelayMs: number;
  /** Longest backoff, in milliseconds. */
  readonly maxDelayMs: number;
  /** Longest `Retry-After` honoured, in milliseconds. */
  readonly maxRetryAfterMs: number;

  constructor(
    options: RetryOptions = {},
    private readonly random: () => number = Math.random,
  ) {
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 4));
    this.baseDelayMs = Math.max(0, options.baseDelayMs ?? 500);
    this.maxDelayMs = Math.max(this.baseDelayMs, options.maxDelayMs ?? 30_000);
    this.maxRetryAfterMs = Math.max(0, options.maxRetryAfterMs ?? 120_000);
  }

  /**
   * True for statuses that say "try again": 408, 429 and every 5xx except 501 (a server that
   * does not implement the request will not start to on a retry).
   */
  isRetryableStatus(status: number): boolean {
    return status === 408 || status === 429 || (status >= 500 && status !== 501);
  }

  /**
   * The wait before retry number `retry` (1 for the first): half of the exponential step is
   * fixed and half random ("equal jitter"), so clients that failed together spread out while
   * each still backs off.
   */
  backoffMs(retry: number): number {
    const step = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.max(0, retry - 1));
    return Math.round(step / 2 + this.random() * (step / 2));
  }
}
