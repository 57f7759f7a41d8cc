import type { JsonValue } from './json';

/**
 * The canonical JSON text of a validated value: object keys sorted by UTF-16 code units at every
 * level, numbers as JavaScript prints them, big integers as their digits, no whitespace. Equal
 * content always gives the same text, however its keys were ordered, so identities built on it
 * do not depend on spelling. For values whose keys are already sorted and that hold no bigint it
 * equals `JSON.stringify`, which is what the log held before identities were canonical.
 */
export function canonicalJson(value: JsonValue): string {
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      return `{${Object.keys(value)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`)
        .join(',')}}`;
    default:
      return JSON.stringify(value);
  }
}
