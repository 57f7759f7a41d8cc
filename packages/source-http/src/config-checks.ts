import { HttpConfigError } from './errors';

/** A plain object from config, or a config error naming `field`. */
export function objectAt(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpConfigError(field, `must be an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/** A non-empty string. */
export function textAt(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new HttpConfigError(field, `must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

/** A non-empty string, or undefined when absent. */
export function optionalTextAt(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : textAt(value, field);
}

/** A dotted JSON path; the empty string means the value itself. */
export function optionalPathAt(value: unknown, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  return textAt(value, field);
}

/** A number in `[min, max]`, `fallback` when absent; `integer` refuses fractions. */
export function numberAt(
  value: unknown,
  field: string,
  bounds: { min: number; max?: number; integer?: boolean },
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const max = bounds.max ?? Number.POSITIVE_INFINITY;
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    value >= bounds.min &&
    value <= max &&
    (!bounds.integer || Number.isInteger(value) || value === Number.POSITIVE_INFINITY);
  if (!ok) {
    const range =
      max === Number.POSITIVE_INFINITY ? `>= ${bounds.min}` : `in [${bounds.min}, ${max}]`;
    const kind = bounds.integer ? 'an integer' : 'a number';
    throw new HttpConfigError(field, `must be ${kind} ${range}, got ${describe(value)}`);
  }
  return value;
}

/** A boolean, `false` when absent. */
export function flagAt(value: unknown, field: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean')
    throw new HttpConfigError(field, `must be true or false, got ${describe(value)}`);
  return value;
}

/** One of `choices`, `fallback` when absent. */
export function choiceAt<T extends string>(
  value: unknown,
  field: string,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!choices.includes(value as T)) {
    throw new HttpConfigError(
      field,
      `must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${describe(value)}`,
    );
  }
  return value as T;
}

/** A string-to-string map, empty when absent. */
export function stringMapAt(value: unknown, field: string): Record<string, string> {
  if (value === undefined) return {};
  const map = objectAt(value, field);
  for (const [key, entry] of Object.entries(map)) {
    if (typeof entry !== 'string')
      throw new HttpConfigError(`${field}.${key}`, `must be a string, got ${describe(entry)}`);
  }
  return map as Record<string, string>;
}

/** A short, value-safe description for messages (never echoes long strings). */
function describe(value: unknown): string {
  if (typeof value === 'string')
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}
