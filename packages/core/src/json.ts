/**
 * A JSON value as it is stored in a payload. Integers beyond `Number.MAX_SAFE_INTEGER` are
 * `bigint`, so they keep every digit (see {@link parseJson}).
 */
export type JsonValue = string | number | bigint | boolean | null | JsonValue[] | JsonObject;

/** A JSON object: the shape of every upsert payload. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * True when `value` is a plain JSON object (not null, not an array, not a class instance).
 * The prototype test accepts plain objects from other realms (`vm`, `structuredClone` in a
 * sandbox), whose `Object.prototype` is not ours.
 */
export function isJsonObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
