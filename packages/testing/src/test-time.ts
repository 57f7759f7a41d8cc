/** The instant every kit timeline starts from: minute 0 of the builders and the fake clock. */
export const KIT_EPOCH = '2024-01-01T00:00:00.000Z';

/**
 * A time as the builders take it: a number of minutes after {@link KIT_EPOCH} (fractions
 * allowed), an ISO-8601 string or a `Date`. Small numbers keep ordering tests readable.
 */
export type TimeLike = number | string | Date;

/**
 * The ISO-8601 UTC string of `at`, normalized with milliseconds as core stores it.
 *
 * @example
 * timeAt(90); // '2024-01-01T01:30:00.000Z'
 * timeAt('2024-01-02T00:00:00+02:00'); // '2024-01-01T22:00:00.000Z'
 */
export function timeAt(at: TimeLike): string {
  const ms =
    typeof at === 'number'
      ? Date.parse(KIT_EPOCH) + at * 60_000
      : typeof at === 'string'
        ? Date.parse(at)
        : at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${String(at)}`);
  return new Date(ms).toISOString();
}
