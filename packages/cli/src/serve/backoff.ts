/** How long a source waits after failed runs under `serve`. */
export interface Backoff {
  /** The wait after the first failure. */
  initialMs: number;
  /** The longest wait, however many runs failed. */
  maxMs: number;
}

/**
 * The least wait after `failures` failed runs in a row: `initialMs × 2^(failures − 1)`, at most
 * `maxMs`; none after a success. Scheduled runs and followed streams back off alike.
 *
 * @example
 * backoffDelayMs(3, { initialMs: 30_000, maxMs: 3_600_000 }); // 120 000
 */
export function backoffDelayMs(failures: number, backoff: Backoff): number {
  if (failures <= 0) return 0;
  return Math.min(backoff.initialMs * 2 ** (failures - 1), backoff.maxMs);
}
