import { stringifyJson } from '@oxide-mirror/core';

/**
 * A SQLite value as JSON can carry it: BLOBs become `x'…'` hex literals, since JSON has none.
 * Big integers stay `bigint`, for a writer that prints their digits (`stringifyJson`).
 */
export function plainValue(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return `x'${value.toString('hex')}'`;
  return value;
}

/** A row with {@link plainValue} applied to every column. */
export function plainRow(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, plainValue(value)]));
}

/** A value as one line of text for a table or CSV cell; NULL is empty. */
export function cellText(value: unknown): string {
  const plain = plainValue(value);
  if (plain === null || plain === undefined) return '';
  if (typeof plain === 'string') return plain;
  if (typeof plain === 'number' || typeof plain === 'bigint' || typeof plain === 'boolean') {
    return String(plain);
  }
  return stringifyJson(plain);
}
