import { SecretRedactor, systemClock, type Clock } from '@oxide-mirror/core';
import { BodyTooLargeError, readBoundedText } from './bounded-body';
import { HttpSourceError } from './errors';
import { parseJsonBody, statusFailure, type HttpFailure } from './http-failure';
import type { RateLimiter } from './rate-limiter';
import type { RequestBudget } from './request-budget';
import { RetryPolicy, type RetryOptions } from './retry-policy';
import { realSleep, type Sleep } from './sleep';

/** How an {@link HttpClient} talks to one API. */
export interface HttpClientOptions {
  /** Headers sent with every request (credentials included: they are never logged). */
  headers?: Readonly<Record<string, string>>;
  /** Query parameters set on every request, for APIs that take a key in the URL. */
  query?: Readonly<Record<string, string>>;
  /** Longest wait for one complete response (headers and body), in milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** Retry rules, or the options to build them from. */
  retry?: RetryPolicy | RetryOptions;
  /** Paces requests; share one instance to share a rate between clients. */
  rateLimiter?: RateLimiter;
  /** Caps requests per sync. */
  budget?: RequestBudget;
  /** Hides secrets in errors; give it every credential in `headers` and `query`. */
  redactor?: SecretRedactor;
  /** Most redirects followed per request (same origin only). Default 5. */
  maxRedirects?: number;
  /** Largest response body after decompression, in bytes. Default 64 MiB. */
  maxResponseBytes?: number;
  /** The `fetch` to use; Node's by default. */
  fetch?: typeof fetch;
  /** Time source for `Retry-After` dates. */
  clock?: Clock;
  /** How the client waits between attempts; inject a fake one in tests. */
  sleep?: Sleep;
  /** Jitter source of the backoff when `retry` is given as options. */
  random?: () => number;
  /** Told of every wait before a retry (a rate limit, a backoff), e.g. to show it as progress. */
  onWait?: (wait: HttpWait) => void;
}

/** A wait before a retry, told to {@link HttpClientOptions.onWait} so that hosts can show it. */
export interface HttpWait {
  /** The request's URL, secrets redacted. */
  url: string;
  /** How long the client waits, in milliseconds. */
  ms: number;
  /** `rate-limited`: the server asked for it; `retry`: backoff after a failure. */
  reason: 'rate-limited' | 'retry';
  /** The failure that caused it, secrets redacted. */
  problem: string;
}

/** Per-request options of {@link HttpClient.getJson}. */
export interface HttpRequestOptions {
  /** Aborts the request and any wait between attempts. */
  signal?: AbortSignal;
  /** Extra headers for this request. */
  headers?: Readonly<Record<string, string>>;
  /** An ETag from an earlier response; a `304` then comes back as `notModified`. */
  ifNoneMatch?: string;
}

/** A successful JSON exchange. */
export interface HttpJsonResponse {
  /** The URL as requested, without the client's default query parameters. */
  url: string;
  /** The final response's status: 2xx, or 304 when `notModified`. */
  status: number;
  /** The final response's headers. */
  headers: Headers;
  /** The parsed body; undefined when `notModified`. */
  body: unknown;
  /** True when the server answered `304 Not Modified` to `ifNoneMatch`. */
  notModified: boolean;
  /** The response's ETag, when it sent one. */
  etag?: string;
  /** Requests it took, retries included. */
  attempts: number;
}

/** One request as sent: its target with the client's query, and that target redacted. */
interface Exchange {
  target: URL;
  shown: string;
}

type Attempt =
  | { ok: true; response: Response; text: string; shown: string }
  | { ok: false; failure: HttpFailure; shown: string };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * A JSON-over-HTTP client for sources: per-attempt timeouts, retries with exponential backoff
 * and jitter on network errors and 5xx, `429`/`Retry-After` honoured, a shared rate limit, a
 * per-sync request budget, `ETag` revalidation and abort signals. Every error is an
 * {@link HttpSourceError} naming the URL and the problem with secrets redacted. Credentials
 * never follow a redirect to another origin.
 *
 * @example
 * const client = new HttpClient({
 *   headers: { Authorization: `Bearer ${token}` },
 *   redactor: new SecretRedactor([token]),
 *   retry: { maxAttempts: 5 },
 *   rateLimiter: new RateLimiter({ requestsPerSecond: 10 }),
 * });
 * const { body } = await client.getJson('https://api.example.com/v1/tickets?page=2', { signal });
 */
export class HttpClient {
  private readonly retry: RetryPolicy;
  private readonly redactor: SecretRedactor;
  private readonly timeoutMs: number;
  private readonly maxRedirects: number;
  private readonly maxResponseBytes: number;
  private readonly fetch: typeof fetch;
  private readonly clock: Clock;
  private readonly sleep: Sleep;

  constructor(private readonly options: HttpClientOptions = {}) {
    const retry = options.retry;
    this.retry = retry instanceof RetryPolicy ? retry : new RetryPolicy(retry, options.random);
    this.redactor = options.redactor ?? new SecretRedactor();
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
  }

  /**
   * GETs `url` and parses its JSON body, retrying what is worth retrying. Rejects with
   * {@link HttpSourceError}, or with the signal's reason when `options.signal` aborts.
   */
  async getJson(url: string | URL, options: HttpRequestOptions = {}): Promise<HttpJsonResponse> {
    const requested = String(url);
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attemptFollowingRedirects(this.exchangeFor(requested), options);
      if (outcome.ok) return this.parsed(requested, outcome, attempt);
      const ms = this.waitBeforeRetry(outcome.shown, outcome.failure, attempt);
      this.options.onWait?.({
        url: outcome.shown,
        ms,
        reason: outcome.failure.reason === 'rate-limited' ? 'rate-limited' : 'retry',
        problem: this.redactor.redact(outcome.failure.problem),
      });
      await this.sleep(ms, options.signal);
    }
  }

  private exchangeFor(url: string | URL): Exchange {
    const target = new URL(url);
    for (const [name, value] of Object.entries(this.options.query ?? {})) {
      target.searchParams.set(name, value);
    }
    return { target, shown: this.redactor.redact(target.toString()) };
  }

  private async attemptFollowingRedirects(
    first: Exchange,
    options: HttpRequestOptions,
  ): Promise<Attempt> {
    let exchange = first;
    for (let hop = 0; ; hop++) {
      const outcome = await this.attempt(exchange, options);
      const location = outcome.ok ? outcome.response.headers.get('location') : null;
      if (!outcome.ok || !REDIRECTS.has(outcome.response.status) || location === null) {
        return outcome;
      }
      const next = new URL(location, exchange.target);
      const status = outcome.response.status;
      if (next.origin !== exchange.target.origin) {
        const problem = `redirected to another origin (${next.origin}); credentials are not sent there`;
        throw this.error(exchange.shown, { reason: 'unsafe', retryable: false, status, problem });
      }
      if (hop >= this.maxRedirects) {
        const problem = `more than ${this.maxRedirects} redirects`;
        throw this.error(exchange.shown, { reason: 'status', retryable: false, status, problem });
      }
      // A redirect's Location replaces the query, so the client's parameters go on again.
      exchange = this.exchangeFor(next);
    }
  }

  /** One request with its own timeout, covering the body as well as the headers. */
  private async attempt(
    { target, shown }: Exchange,
    options: HttpRequestOptions,
  ): Promise<Attempt> {
    options.signal?.throwIfAborted();
    await this.options.rateLimiter?.acquire(options.signal);
    this.options.budget?.take(shown);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
    const signals = options.signal ? [options.signal, timeout.signal] : [timeout.signal];
    try {
      const response = await this.fetch(target, {
        headers: this.headersFor(options),
        signal: AbortSignal.any(signals),
        redirect: 'manual',
      });
      // Secrets the API echoes go before anything reads the body: parsed, they would reach the
      // log, a cursor or an error excerpt.
      const text = this.redactor.redact(await readBoundedText(response, this.maxResponseBytes));
      if (response.ok || response.status === 304 || REDIRECTS.has(response.status)) {
        return { ok: true, response, text, shown };
      }
      const failure = statusFailure(response, text, this.retry, this.clock.now());
      return { ok: false, failure, shown };
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (error instanceof BodyTooLargeError) {
        throw this.error(shown, { reason: 'too-large', retryable: false, problem: error.message });
      }
      const failure: HttpFailure = timeout.signal.aborted
        ? {
            reason: 'timeout',
            retryable: true,
            problem: `no complete response within ${this.timeoutMs} ms`,
          }
        : {
            reason: 'network',
            retryable: true,
            problem: `network error: ${this.redactor.describe(error)}`,
          };
      return { ok: false, failure, shown };
    } finally {
      clearTimeout(timer);
    }
  }

  private headersFor(options: HttpRequestOptions): Record<string, string> {
    const headers = { accept: 'application/json', ...this.options.headers, ...options.headers };
    if (options.ifNoneMatch === undefined) return headers;
    return { ...headers, 'if-none-match': options.ifNoneMatch };
  }

  /** The wait before the next attempt; throws when there must not be one. */
  private waitBeforeRetry(shown: string, failure: HttpFailure, attempt: number): number {
    if (!failure.retryable) throw this.error(shown, failure, attempt);
    if (attempt >= this.retry.maxAttempts) {
      const problem = `${failure.problem} (gave up after ${attempt} attempts)`;
      throw this.error(shown, { ...failure, problem }, attempt);
    }
    const asked = failure.retryAfterMs;
    if (asked === undefined) return this.retry.backoffMs(attempt);
    if (asked > this.retry.maxRetryAfterMs) {
      const problem =
        `${failure.problem}; Retry-After asks for ${Math.ceil(asked / 1000)} s, more than ` +
        `retry.maxRetryAfterMs (${this.retry.maxRetryAfterMs} ms): stopping until the next sync`;
      throw this.error(shown, { ...failure, reason: 'rate-limited', problem }, attempt);
    }
    return asked;
  }

  private parsed(
    requested: string,
    outcome: { response: Response; text: string; shown: string },
    attempts: number,
  ): HttpJsonResponse {
    const { response, text, shown } = outcome;
    const status = response.status;
    const etag = response.headers.get('etag') ?? undefined;
    const result = { url: requested, status, headers: response.headers, etag, attempts };
    if (status === 304) return { ...result, body: undefined, notModified: true };
    if (REDIRECTS.has(status)) {
      const problem = `HTTP ${status} redirect without a Location header`;
      throw this.error(shown, { reason: 'status', retryable: false, status, problem }, attempts);
    }
    const body = parseJsonBody(text, status);
    if (!body.ok) throw this.error(shown, body.failure, attempts);
    return { ...result, body: body.value, notModified: false };
  }

  private error(shown: string, failure: HttpFailure, attempts = 1): HttpSourceError {
    const { reason, status } = failure;
    return new HttpSourceError(shown, this.redactor.redact(failure.problem), {
      reason,
      status,
      attempts,
    });
  }
}
