import { parseJson, stringifyJson } from '@oxide-mirror/core';

/**
 * A value for JSON output: text holding a JSON object or array in compact form, as SQLite's
 * JSON functions and the `payload` column return it, becomes that object or array (big integers
 * kept exact); anything else is returned as is. Requiring the compact form exactly means that
 * text a person typed, such as `[1, 2]` or `{draft}`, stays text.
 *
 * @example
 * jsonCell('{"plan":"pro","seats":9007199254740993}'); // { plan: 'pro', seats: 9007199254740993n }
 * jsonCell('[1, 2]'); // '[1, 2]'
 */
export function jsonCell(value: unknown): unknown {
  if (typeof value !== 'string' || !(value.startsWith('{') || value.startsWith('['))) return value;
  let parsed: unknown;
  try {
    parsed = parseJson(value);
  } catch {
    return value;
  }
  return stringifyJson(parsed) === value ? parsed : value;
}
