import { parseJson } from '@oxide-mirror/core';

/** Text that may hold a JSON object or array: it starts and ends as one would. */
const LOOKS_NESTED = /^\s*(?:\{[\s\S]*\}|\[[\s\S]*\])\s*$/;

/**
 * A query value as agents read it. SQL hands objects and arrays of payloads back as JSON text
 * (views, `json_extract`, `payload`): such text is sent as the JSON it holds, digits kept
 * exactly, so agents do not unescape strings of JSON. Text that only looks like JSON stays
 * text; blobs, which JSON cannot carry, are sent as base64 text.
 */
export function jsonCell(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value !== 'string' || !LOOKS_NESTED.test(value)) return value;
  try {
    return parseJson(value);
  } catch {
    return value;
  }
}
