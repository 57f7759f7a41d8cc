/** How an API writes times: ISO-8601 text, or a Unix time in seconds or milliseconds. */
export type TimeFormat = 'iso' | 'unix-seconds' | 'unix-ms';

/** Latest time that still prints as a four-digit-year ISO string. */
const MAX_TIME = Date.parse('9999-12-31T23:59:59.999Z');
const NUMERIC = /^-?\d+(\.\d+)?$/;
/** A date-time without a zone: JavaScript would read it as local time, APIs mean UTC. */
const ZONELESS = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * Reads a time the API wrote in `format` as epoch milliseconds. Returns undefined for `null` or a
 * missing value, and a string saying what is wrong for anything that is not a time.
 */
export function parseTime(value: unknown, format: TimeFormat): number | undefined | string {
  if (value === null || value === undefined) return undefined;
  if (
    typeof value === 'number' ||
    (typeof value === 'string' && format !== 'iso' && NUMERIC.test(value))
  ) {
    if (format === 'iso')
      return `is the number ${value}; set timeFormat to 'unix-seconds' or 'unix-ms'`;
    const ms = Number(value) * (format === 'unix-seconds' ? 1000 : 1);
    return inRange(ms) ? Math.floor(ms) : `is ${value}, outside years 1970-9999`;
  }
  if (typeof value !== 'string') return `is ${JSON.stringify(value)}, not a time`;
  const text = ZONELESS.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return `is ${JSON.stringify(value.slice(0, 64))}, not a time`;
  return inRange(ms) ? ms : `is ${value.slice(0, 64)}, outside years 1970-9999`;
}

/**
 * Writes epoch milliseconds the way the API reads them in a query. Unix seconds round down, so an
 * inclusive lower bound never skips the millisecond it was taken from.
 */
export function formatTime(ms: number, format: TimeFormat): string {
  if (format === 'unix-seconds') return String(Math.floor(ms / 1000));
  if (format === 'unix-ms') return String(ms);
  return new Date(ms).toISOString();
}

function inRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_TIME;
}
