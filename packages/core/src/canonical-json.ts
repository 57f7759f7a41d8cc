import type { JsonObject, JsonValue } from './json';

/**
 * The canonical JSON text of a validated value: object keys sorted by UTF-16 code units at every
 * level, numbers as JavaScript prints them, big integers as their digits, no whitespace. Equal
 * content always gives the same text, however its keys were ordered, so identities built on it
 * do not depend on spelling. For values whose keys are already sorted and that hold no bigint it
 * equals `JSON.stringify`, which is what the log held before identities were canonical.
 */
export function canonicalJson(value: JsonValue): string {
  if (typeof value === 'object' && value !== null) {
    const sorted = sortedCopy(value);
    if (sorted !== NOT_NATIVE) return JSON.stringify(sorted);
  }
  return canonicalText(value);
}

/** Returned by {@link sortedCopy} for a value the native writer cannot print canonically. */
const NOT_NATIVE = Symbol('not native');

/**
 * A copy of `value` whose objects hold their keys in sorted order, so that `JSON.stringify` —
 * native, and far cheaper in allocations than building the text here — prints it canonically.
 * Not possible, and {@link NOT_NATIVE}, when a value is a bigint, or a key is an array index
 * (objects list those first, in numeric order, whatever the insertion order) or `__proto__`.
 */
function sortedCopy(value: JsonValue): JsonValue | typeof NOT_NATIVE {
  if (typeof value === 'bigint') return NOT_NATIVE;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const copy: JsonValue[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = sortedCopy(value[i] as JsonValue);
      if (item === NOT_NATIVE) return NOT_NATIVE;
      copy[i] = item;
    }
    return copy;
  }
  const keys = Object.keys(value);
  if (keys.length > 1) keys.sort();
  const copy: JsonObject = {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (isIndexLike(key) || key === '__proto__') return NOT_NATIVE;
    const item = sortedCopy(value[key] as JsonValue);
    if (item === NOT_NATIVE) return NOT_NATIVE;
    copy[key] = item;
  }
  return copy;
}

/** True for keys such as `0` or `42`, which JavaScript objects order numerically. */
function isIndexLike(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && /^(?:0|[1-9]\d*)$/.test(key);
}

/** The canonical text written out here: for bigints and keys the native writer cannot order. */
function canonicalText(value: JsonValue): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // Validated payloads hold finite numbers only, which String spells as JSON does.
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    default:
      return value === null ? 'null' : canonicalContainer(value);
  }
}

/** Plain loops and string appends, for the values {@link sortedCopy} cannot take. */
function canonicalContainer(value: JsonValue[] | JsonObject): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalText(value[i] as JsonValue);
    }
    return `${out}]`;
  }
  const keys = Object.keys(value);
  if (keys.length > 1) keys.sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (i > 0) out += ',';
    out += `${JSON.stringify(key)}:${canonicalText(value[key] as JsonValue)}`;
  }
  return `${out}}`;
}
