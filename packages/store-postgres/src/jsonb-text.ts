import { InvalidDeltaError, type JsonValue, type PreparedDelta } from '@oxide-mirror/core';

/** `String.prototype.isWellFormed` (Node 20+); the ES2022 library types do not declare it yet. */
const isWellFormed = (text: string): boolean =>
  (text as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * Why `jsonb` cannot hold `text`, or undefined when it can. These are the two characters core's
 * `checkExactText` refuses in ids and names; payload strings may carry them (SQLite keeps them
 * as JSON escapes), so here they refuse a delta only for this store, in its own words.
 */
function unstorable(text: string): string | undefined {
  if (text.includes('\u0000')) return 'holds a NUL character (U+0000)';
  return isWellFormed(text) ? undefined : 'holds a lone UTF-16 surrogate';
}

/**
 * Where in `value` the first string or key that `jsonb` cannot hold is (`payload.a.b`), and why;
 * undefined when there is none.
 */
function unstorablePart(
  value: JsonValue,
  path: string,
): { path: string; problem: string } | undefined {
  if (typeof value === 'string') {
    const problem = unstorable(value);
    return problem === undefined ? undefined : { path, problem };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorablePart(value[i] as JsonValue, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    // Keys with a lone surrogate never get here (delta validation refuses them); NUL may.
    const problem = unstorable(key);
    if (problem !== undefined) return { path: `${path} key ${JSON.stringify(key)}`, problem };
    const found = unstorablePart(item as JsonValue, `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Refuses a payload that `jsonb` cannot hold: PostgreSQL rejects the JSON escapes of a lone
 * surrogate (`"\ud800"`) and of NUL (`"\u0000"`), which JavaScript strings may carry and
 * SQLite's text keeps. Refused as an invalid delta, it is set aside in the rejects under
 * `onInvalid: 'reject'`, never stored changed, and never fails the rest of its page. Only
 * payloads whose JSON text has such an escape are walked.
 */
export function checkStorableInJsonb(prepared: PreparedDelta): void {
  const json = prepared.payloadJson;
  if (json === null || !/\\u(?:[dD][89a-fA-F]|0000)/.test(json)) return;
  const found = unstorablePart(prepared.delta.payload as JsonValue, 'payload');
  if (found === undefined) return;
  throw new InvalidDeltaError(
    found.path,
    `${found.problem}, which PostgreSQL cannot store in jsonb`,
  );
}
