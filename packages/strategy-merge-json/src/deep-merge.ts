import { isJsonObject, type JsonObject, type JsonValue } from '@oxide-mirror/core';

/**
 * Sets an own, enumerable property. A payload parsed from JSON can carry an own `__proto__` key;
 * plain assignment would change the result's prototype instead of copying the key.
 */
function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

/** A deep copy, so the merged payload shares nothing mutable with its inputs. */
function cloneJson(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (isJsonObject(value)) return mergeInto({}, value);
  return value;
}

/** Copies `patch` into `target`, merging into objects `target` already holds. */
function mergeInto(target: JsonObject, patch: JsonObject): JsonObject {
  for (const key of Object.keys(patch)) {
    const incoming = patch[key] as JsonValue;
    // Object.hasOwn, not `target[key]`: an inherited `__proto__` must never be merged into.
    const current = Object.hasOwn(target, key) ? target[key] : undefined;
    const value =
      isJsonObject(current) && isJsonObject(incoming)
        ? mergeInto(current, incoming)
        : cloneJson(incoming);
    setOwn(target, key, value);
  }
  return target;
}

/**
 * Deep-merges two JSON objects into a new one. Objects merge key by key, recursively; for any
 * other value (scalar, array, `null`) the `patch` side replaces the `base` side, because arrays
 * have no identity to merge by. Neither input is mutated, and the result shares no objects or
 * arrays with them.
 *
 * @example
 * deepMerge({ name: 'Rex', tags: { color: 'brown' } }, { tags: { size: 'L' } });
 * // → { name: 'Rex', tags: { color: 'brown', size: 'L' } }
 */
export function deepMerge(base: JsonObject, patch: JsonObject): JsonObject {
  return mergeInto(mergeInto({}, base), patch);
}
