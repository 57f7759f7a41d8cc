import { InvalidDeltaError } from './errors';

/**
 * The canonical spelling of an instant: UTC, `Z`, and 3, 6 or 9 fraction digits — the fewest
 * that hold it exactly. Milliseconds keep the `toISOString()` form earlier releases logged, so
 * their identities stay valid; finer times keep every digit up to nanoseconds.
 */
const CANONICAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3}|\d{6}|\d{9})Z$/;

/** ISO-8601 / RFC 3339 date-times, with `T` or a space, a fraction of any length and a zone. */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** Earliest and latest years of a mirror's clock (four digits keep the text sortable). */
const FIRST_YEAR = 1970;
const LAST_YEAR = 9999;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The shortest of 3, 6 or 9 digits that holds `digits` (at most 9) exactly. */
function canonicalFraction(digits: string): string {
  const nine = digits.padEnd(9, '0');
  if (nine.endsWith('000000')) return nine.slice(0, 3);
  if (nine.endsWith('000')) return nine.slice(0, 6);
  return nine;
}

/** Two decimal digits of `text` at `at`, as a number (NaN-free: callers matched the pattern). */
function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + (text.charCodeAt(at + 1) - 48);
}

/**
 * The fast path for text already in canonical form (what most sources and every stored event
 * hold): the pattern plus range checks on the digits, without building dates.
 */
function isCanonical(value: string): boolean {
  if (!CANONICAL.test(value)) return false;
  if (value.length > 24 && value.endsWith('000Z')) return false;
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  const second = twoDigits(value, 17);
  if (value < '1970' || month < 1 || month > 12 || day < 1 || twoDigits(value, 11) > 23)
    return false;
  if (twoDigits(value, 14) > 59 || second > 60) return false;
  if (day <= 28 && second < 60) return true;
  const match = CANONICAL.exec(value) as RegExpExecArray;
  return isRealTime(fieldsOf(match));
}

/** The numeric fields year, month, day, hour, minute and second of a date-time match. */
function fieldsOf(match: RegExpExecArray): number[] {
  return [1, 2, 3, 4, 5, 6].map((group) => Number(match[group] ?? 0));
}

/** Whether the fields name a real time of the mirror's years (a leap second ends a month). */
function isRealTime([
  year = 0,
  month = 0,
  day = 0,
  hour = 0,
  minute = 0,
  second = 0,
]: number[]): boolean {
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12) return false;
  const lastDay = daysIn(year, month);
  if (day < 1 || day > lastDay || hour > 23 || minute > 59) return false;
  return second < 60 || (second === 60 && hour === 23 && minute === 59 && day === lastDay);
}

function refuse(field: string, value: string, problem: string): never {
  throw new InvalidDeltaError(field, `${problem}: ${JSON.stringify(value.slice(0, 64))}`);
}

/** Converts a parsed date-time with an explicit zone to canonical UTC text. */
function toCanonical(match: RegExpExecArray, value: string, field: string): string {
  const [, , , , , , , fraction = '', zulu, sign, offsetHours = '0', offsetMinutes = '0'] = match;
  if (zulu === undefined && sign === undefined) {
    refuse(field, value, 'has no time zone (an instant needs Z or an offset such as +02:00)');
  }
  if (/[1-9]/.test(fraction.slice(9))) refuse(field, value, 'is more precise than nanoseconds');
  const local = fieldsOf(match);
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = local;
  // A leap second is judged in UTC below; locally, any :60 may be one once the offset applies.
  if (!isRealTime([year, month, day, hour, minute, Math.min(second, 59)]) || second > 60) {
    refuse(field, value, 'is not a real time between the years 1970 and 9999');
  }
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) {
    refuse(field, value, 'has an impossible offset');
  }
  const offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  const local59 = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  const utc = new Date(local59 - offset * 60_000).toISOString();
  const seconds = second === 60 ? '60' : utc.slice(17, 19);
  const text = `${utc.slice(0, 17)}${seconds}.${canonicalFraction(fraction.slice(0, 9))}Z`;
  const parsed = CANONICAL.exec(text);
  if (parsed === null || !isRealTime(fieldsOf(parsed))) {
    refuse(
      field,
      value,
      second === 60
        ? 'is a leap second that does not end a UTC month'
        : 'is not a real time between the years 1970 and 9999',
    );
  }
  return text;
}

/**
 * Checks that `value` is an instant and returns its canonical text (UTC, 3/6/9 fraction digits).
 * Accepts ISO-8601 / RFC 3339 date-times with `Z` or an offset, fractions up to nanoseconds and
 * leap seconds (`23:59:60` at the end of a UTC month). Refuses, with {@link InvalidDeltaError}
 * naming `field`: a time without a zone (it would depend on the process's time zone), a date
 * alone, more than nanosecond precision, impossible dates, and years outside 1970–9999.
 * Never reads the process's time zone.
 */
export function normalizeInstant(value: unknown, field = 'occurredAt'): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidDeltaError(field, 'is an invalid Date');
    return normalizeInstant(value.toISOString(), field);
  }
  if (typeof value !== 'string') throw new InvalidDeltaError(field, 'must be an ISO-8601 string');
  if (isCanonical(value)) return value;
  const match = DATE_TIME.exec(value);
  if (match === null) {
    refuse(field, value, 'is not a time (an ISO-8601 date-time with Z or an offset)');
  }
  return toCanonical(match, value, field);
}

/** The instant as fixed-width text (9 fraction digits), whose string order is time order. */
export function instantSortKey(canonical: string): string {
  return canonical.length === 30
    ? canonical
    : `${canonical.slice(0, 20)}${canonical.slice(20, -1).padEnd(9, '0')}Z`;
}

/**
 * Orders two canonical instants (from {@link normalizeInstant}) by the exact time they name:
 * negative when `a` is earlier, zero when equal, positive when later.
 */
export function compareInstants(a: string, b: string): number {
  if (a.length === b.length) return a < b ? -1 : a > b ? 1 : 0;
  const left = instantSortKey(a);
  const right = instantSortKey(b);
  return left < right ? -1 : left > right ? 1 : 0;
}
