import { isInteger, isSafeNumber, parse, stringify } from 'lossless-json';
import type { JsonValue } from './json';
import { UnrepresentableNumber } from './unrepresentable-number';

/**
 * Number tokens that a double may not hold exactly: 16 or more digits (with the point), or an
 * exponent of three digits. Text without them parses exactly with the native parser; a match is
 * only a hint (it may be inside a string), so it sends the text to the lossless parser.
 */
const MAYBE_INEXACT_NUMBER = /[\d.]{16,}|[eE][+-]?\d{3}/;

function parseNumber(text: string): number | bigint | UnrepresentableNumber {
  if (isInteger(text)) return isSafeNumber(text) ? Number(text) : BigInt(text);
  const value = Number(text);
  if (!Number.isFinite(value)) return new UnrepresentableNumber(text, 'is out of range');
  if (!isSafeNumber(text)) {
    return new UnrepresentableNumber(text, 'has more precision than a 64-bit float keeps');
  }
  return value;
}

/**
 * Parses JSON text without losing a digit: safe numbers become `number`, larger integers
 * `bigint`, and a number no JavaScript value holds exactly an {@link UnrepresentableNumber},
 * which delta validation refuses for its record only. Throws `SyntaxError` on malformed text.
 *
 * @example
 * parseJson('{"id": 9007199254740993}'); // { id: 9007199254740993n }
 */
export function parseJson(text: string): JsonValue {
  if (!MAYBE_INEXACT_NUMBER.test(text)) return JSON.parse(text) as JsonValue;
  return parse(text, null, parseNumber) as JsonValue;
}

/** Prints an {@link UnrepresentableNumber} as the number it was spelled as. */
const AS_SPELLED = [
  {
    test: (value: unknown) => value instanceof UnrepresentableNumber,
    stringify: (value: unknown) => (value as UnrepresentableNumber).text,
  },
];

/**
 * JSON text of `value` with object keys in their own order; `bigint` prints as its digits and an
 * {@link UnrepresentableNumber} as it was spelled, so {@link parseJson} reads back the same value.
 * Throws on what JSON cannot hold (a cycle). Identities use `canonicalJson` instead.
 */
export function stringifyJson(value: unknown, indent?: number): string {
  return stringify(value, undefined, indent, AS_SPELLED) ?? 'null';
}
