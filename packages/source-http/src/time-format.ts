import { InvalidDeltaError, normalizeInstant } from '@oxide-mirror/core';
import { DateTime } from 'luxon';

/** How an API writes times: ISO-8601 text, or a Unix time in seconds or milliseconds. */
export type TimeFormat = 'iso' | 'unix-seconds' | 'unix-ms';

/** A time read from a record: its canonical instant, or what is wrong with it. */
export type ParsedTime = { instant: string } | { problem: string };

const NUMERIC = /^\d+(\.\d+)?$/;
/** A date-time without a zone, with `-` or `/` between date parts and `T` or a space before the time. */
const ZONELESS = /^(\d{4})[-/](\d{2})[-/](\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?$/;

/**
 * Reads a time the API wrote in `format` as a canonical instant (UTC text, every sub-millisecond
 * digit kept: the text passes through rather than through `Date`). A time written without a zone
 * is wall-clock time in `timeZone` (an IANA name), never in the process's zone. Returns
 * undefined for `null` or a missing value.
 *
 * @example
 * parseTime('2024/03/10 10:00:00', 'iso', 'America/New_York'); // { instant: '2024-03-10T14:00:00.000Z' }
 */
export function parseTime(
  value: unknown,
  format: TimeFormat,
  timeZone = 'UTC',
): ParsedTime | undefined {
  if (value === null || value === undefined) return undefined;
  try {
    if (format !== 'iso') return { instant: unixInstant(value, format) };
    if (typeof value === 'number' || typeof value === 'bigint') {
      return { problem: `is the number ${value}; set timeFormat to 'unix-seconds' or 'unix-ms'` };
    }
    if (typeof value !== 'string') return { problem: `is ${JSON.stringify(value)}, not a time` };
    const local = ZONELESS.exec(value);
    return { instant: normalizeInstant(local ? withZone(local, timeZone) : value, 'time') };
  } catch (error) {
    if (error instanceof InvalidDeltaError) return { problem: error.problem };
    throw error;
  }
}

/** The instant a Unix time names, its fraction digits kept. */
function unixInstant(value: unknown, format: 'unix-seconds' | 'unix-ms'): string {
  const text = typeof value === 'string' ? value : String(value);
  if (
    (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') ||
    !NUMERIC.test(text)
  ) {
    throw new InvalidDeltaError('time', `is ${JSON.stringify(value)}, not a ${format} time`);
  }
  const [whole = '0', fraction = ''] = text.split('.');
  const seconds = format === 'unix-seconds' ? Number(whole) : Math.floor(Number(whole) / 1000);
  const subSecond =
    format === 'unix-seconds' ? fraction : `${whole.padStart(3, '0').slice(-3)}${fraction}`;
  const base = new Date(seconds * 1000);
  if (Number.isNaN(base.getTime())) throw new InvalidDeltaError('time', `is ${text}, out of range`);
  return normalizeInstant(`${base.toISOString().slice(0, 19)}.${subSecond || '0'}Z`, 'time');
}

/** A zoneless date-time as ISO text with the offset `timeZone` has at that wall-clock time. */
function withZone(match: RegExpExecArray, timeZone: string): string {
  const [, year, month, day, hour, minute, second = '00', fraction] = match;
  const local = DateTime.fromObject(
    {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: Number(hour),
      minute: Number(minute),
      second: Math.min(Number(second), 59),
    },
    { zone: timeZone },
  );
  if (!local.isValid) {
    throw new InvalidDeltaError('time', `is not a real time in ${timeZone}: ${match[0]}`);
  }
  const digits = fraction === undefined ? '' : `.${fraction}`;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${digits}${local.toFormat('ZZ')}`;
}

/** Epoch milliseconds of a canonical instant (a leap second counts as its last millisecond). */
export function instantMs(instant: string): number {
  return Date.parse(instant.replace(/:60(\.\d+)?Z$/, ':59.999Z'));
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
