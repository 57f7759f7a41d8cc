import { parseRetryAfter } from './retry-after';

/** What a response's headers say about the API's rate limit. */
export interface RateLimitSignal {
  /** The quota is spent: a 403 then means "too many requests", not "forbidden". */
  exhausted: boolean;
  /** How long to wait before the next request, in milliseconds, when the headers say. */
  waitMs: number | undefined;
}

/** Reset values above this are epoch seconds (GitHub); below, seconds from now. */
const EPOCH_SECONDS = 1_000_000_000;

/**
 * Reads every common way an API announces its rate limit: `Retry-After` (seconds or an HTTP
 * date), GitHub's `x-ratelimit-remaining` / `x-ratelimit-reset` (epoch seconds), the IETF
 * draft's `RateLimit-Remaining` / `RateLimit-Reset` (seconds) and its combined `RateLimit`
 * header (`limit=100, remaining=0, reset=30`, or `"default";r=0;t=30`).
 *
 * @example
 * rateLimitSignal(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1893456000' }), now);
 */
export function rateLimitSignal(headers: Headers, now: Date): RateLimitSignal {
  const combined = parseCombined(headers.get('ratelimit'));
  const remaining = firstNumber(
    headers.get('x-ratelimit-remaining'),
    headers.get('ratelimit-remaining'),
    combined.remaining,
  );
  const reset = firstNumber(
    headers.get('x-ratelimit-reset'),
    headers.get('ratelimit-reset'),
    combined.reset,
  );
  const exhausted = remaining !== undefined && remaining <= 0;
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  return { exhausted, waitMs: retryAfter ?? (exhausted ? resetWait(reset, now) : undefined) };
}

function resetWait(reset: number | undefined, now: Date): number | undefined {
  if (reset === undefined) return undefined;
  const ms = reset > EPOCH_SECONDS ? reset * 1000 - now.getTime() : reset * 1000;
  return Math.max(0, Math.ceil(ms));
}

/** `remaining` and `reset` of a combined `RateLimit` header, in either draft's syntax. */
function parseCombined(header: string | null): { remaining?: string; reset?: string } {
  if (header === null) return {};
  const value = (names: string[]): string | undefined => {
    for (const name of names) {
      const match = new RegExp(`(?:^|[,;\\s])${name}=(\\d+)`).exec(header);
      if (match) return match[1];
    }
    return undefined;
  };
  return { remaining: value(['remaining', 'r']), reset: value(['reset', 't']) };
}

function firstNumber(...values: (string | null | undefined)[]): number | undefined {
  for (const value of values) {
    if (value === null || value === undefined) continue;
    const number = Number(value.trim());
    if (value.trim() !== '' && Number.isFinite(number)) return number;
  }
  return undefined;
}
