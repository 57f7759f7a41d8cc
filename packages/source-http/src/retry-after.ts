/** Whole seconds only, as RFC 9110 allows; anything else must be an HTTP date. */
const DELAY_SECONDS = /^\d+$/;
/**
 * Every HTTP date form (IMF-fixdate, RFC 850, asctime) opens with the day's name; checking that
 * keeps `Date.parse` from reading junk such as `-5` as a year.
 */
const HTTP_DATE = /^[A-Za-z]{3}/;

/**
 * The wait a `Retry-After` header asks for, in milliseconds from `now`: either delay-seconds
 * (`120`) or an HTTP date. A date in the past means no wait. Returns undefined when the header
 * is absent or unreadable, so the caller falls back to its own backoff.
 *
 * @example
 * parseRetryAfter('2', new Date()); // 2000
 */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (DELAY_SECONDS.test(text)) return Number(text) * 1000;
  const at = HTTP_DATE.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
