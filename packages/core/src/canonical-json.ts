import type { JsonObject, JsonValue } from './json';

/**
 * The canonical JSON text of a validated value: object keys sorted by UTF-16 code units at every
 * level, numbers as JavaScript prints them, big integers as their digits, no whitespace. Equal
 * content always gives the same text, however its keys were ordered, so identities built on it
 * do not depend on spelling. For values whose keys are already sorted and that hold no bigint it
 * equals `JSON.stringify`, which is what the log held before identities were canonical.
 */
export function canonicalJson(value: JsonValue): string {
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

/** Plain loops and string appends: this runs once per delta whose keys are not sorted. */
function canonicalContainer(value: JsonValue[] | JsonObject): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i] as JsonValue);
    }
    return `${out}]`;
  }
  const keys = Object.keys(value);
  if (keys.length > 1) keys.sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (i > 0) out += ',';
    out += `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`;
  }
  return `${out}}`;
}
