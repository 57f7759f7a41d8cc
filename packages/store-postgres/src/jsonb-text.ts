import { InvalidDeltaError, type JsonValue, type PreparedDelta } from '@oxide-mirror/core';

/** `String.prototype.isWellFormed` (Node 20+); the ES2022 library types do not declare it yet. */
const isWellFormed = (text: string): boolean =>
  (text as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * The path (`payload.a.b`) of the first string in `value` that holds a lone UTF-16 surrogate, or
 * undefined when there is none.
 */
function loneSurrogatePath(value: JsonValue, path: string): string | undefined {
  if (typeof value === 'string') return isWellFormed(value) ? undefined : path;
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = loneSurrogatePath(value[i] as JsonValue, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  // Keys with a lone surrogate never get here: delta validation refuses them.
  for (const [key, item] of Object.entries(value)) {
    const found = loneSurrogatePath(item as JsonValue, `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Refuses a payload that `jsonb` cannot hold: PostgreSQL rejects the JSON escape of a lone
 * surrogate (`"\ud800"`), which JavaScript strings may carry and SQLite's text keeps. Refused
 * as an invalid delta, it is set aside in the rejects under `onInvalid: 'reject'`, never
 * stored changed. Only payloads whose JSON text has a `\u` escape of a surrogate are walked.
 */
export function checkStorableInJsonb(prepared: PreparedDelta): void {
  const json = prepared.payloadJson;
  if (json === null || !/\\u[dD][89a-fA-F]/.test(json)) return;
  const path = loneSurrogatePath(prepared.delta.payload as JsonValue, 'payload');
  if (path === undefined) return;
  throw new InvalidDeltaError(
    path,
    'holds a lone UTF-16 surrogate, which PostgreSQL cannot store in jsonb',
  );
}
