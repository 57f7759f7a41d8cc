import { parseJson } from '@oxide-mirror/core';
import type { HttpFailureReason } from './errors';
import { rateLimitSignal } from './rate-limit-headers';
import type { RetryPolicy } from './retry-policy';

/** One attempt that produced no usable response, before it is judged worth a retry. */
export interface HttpFailure {
  reason: HttpFailureReason;
  /** What went wrong, not yet redacted. */
  problem: string;
  retryable: boolean;
  status?: number;
  /** What `Retry-After` asked for, in milliseconds. */
  retryAfterMs?: number;
}

/** Longest body excerpt quoted in an error: enough for an API's error message, not a page dump. */
const EXCERPT_LENGTH = 200;

/** The failure an error status stands for, with the body's start and any `Retry-After`. */
export function statusFailure(
  response: Response,
  text: string,
  policy: RetryPolicy,
  now: Date,
): HttpFailure {
  const status = response.status;
  // The text comes redacted: an excerpt cut first could split a secret and keep half of it.
  const excerpt = text.trim().slice(0, EXCERPT_LENGTH).replace(/\s+/g, ' ');
  const signal = rateLimitSignal(response.headers, now);
  // GitHub answers a spent primary rate limit with 403, telling it apart only by its headers.
  const rateLimited = status === 429 || (status === 403 && signal.exhausted);
  return {
    reason: rateLimited ? 'rate-limited' : 'status',
    problem: `HTTP ${status} ${response.statusText}`.trim() + (excerpt ? `: ${excerpt}` : ''),
    retryable: rateLimited || policy.isRetryableStatus(status),
    status,
    retryAfterMs: signal.waitMs,
  };
}

/** A body parsed as JSON, or the problem with it. Malformed bodies are not retried: they repeat. */
export function parseJsonBody(
  text: string,
  status: number,
): { ok: true; value: unknown } | { ok: false; failure: HttpFailure } {
  const malformed = (problem: string) => ({
    ok: false as const,
    failure: {
      reason: 'malformed' as const,
      retryable: false,
      status,
      problem: `malformed JSON: ${problem}`,
    },
  });
  if (text.trim().length === 0) return malformed('the body is empty');
  try {
    // Lossless: ids and amounts beyond 2^53 keep every digit.
    return { ok: true, value: parseJson(text) };
  } catch (error) {
    return malformed(error instanceof Error ? error.message : String(error));
  }
}
