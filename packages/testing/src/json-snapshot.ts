/** Freezes `value` and everything it holds, so code that writes into it throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** A deep copy of JSON-shaped data (records and deltas), sharing nothing with the original. */
export function jsonCopy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/**
 * The JSON text of `value`, to compare before and after a call: any write into a record or a
 * delta changes it. Prototypes and key flags do not matter to a payload, so they are not compared.
 */
export function snapshotOf(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}
