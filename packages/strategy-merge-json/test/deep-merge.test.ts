import type { JsonObject } from '@oxide-mirror/core';
import { deepMerge } from '@oxide-mirror/strategy-merge-json';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('deepMerge', () => {
  it('keeps keys only the base has and adds keys only the patch has', () => {
    expect(deepMerge({ a: 1 }, { b: 2 })).toEqual({ a: 1, b: 2 });
  });

  it('lets the patch win on keys both sides have', () => {
    expect(deepMerge({ a: 1, b: 'x' }, { a: 2 })).toEqual({ a: 2, b: 'x' });
  });

  it('merges nested objects at every depth', () => {
    const base: JsonObject = { a: { b: { c: 1, d: 2 }, e: 3 } };
    const patch: JsonObject = { a: { b: { d: 20, f: 30 } } };
    expect(deepMerge(base, patch)).toEqual({ a: { b: { c: 1, d: 20, f: 30 }, e: 3 } });
  });

  it('replaces arrays wholesale, even arrays of objects', () => {
    const base: JsonObject = { items: [{ id: 1, name: 'a' }, { id: 2 }] };
    const patch: JsonObject = { items: [{ id: 1 }] };
    expect(deepMerge(base, patch)).toEqual({ items: [{ id: 1 }] });
  });

  it('replaces an object with a scalar, a scalar with an object, and anything with null', () => {
    const base: JsonObject = { a: { nested: true }, b: 'text', c: { gone: 1 } };
    const patch: JsonObject = { a: 5, b: { now: 'object' }, c: null };
    expect(deepMerge(base, patch)).toEqual({ a: 5, b: { now: 'object' }, c: null });
  });

  it('returns an equal copy, not the base itself, when the patch is empty', () => {
    const base: JsonObject = { a: { b: [1] } };
    const merged = deepMerge(base, {});
    expect(merged).toEqual(base);
    expect(merged).not.toBe(base);
    expect(merged.a).not.toBe(base.a);
  });

  it('mutates neither input and shares no objects or arrays with them', () => {
    const base = deepFreeze<JsonObject>({ kept: { deep: [1, 2] }, both: { x: 1 } });
    const patch = deepFreeze<JsonObject>({ added: { list: [3] }, both: { y: 2 } });
    const before = structuredClone({ base, patch });
    const merged = deepMerge(base, patch);
    expect({ base, patch }).toEqual(before);
    expect(merged.kept).not.toBe(base.kept);
    expect(merged.added).not.toBe(patch.added);
    expect((merged.added as JsonObject).list).not.toBe((patch.added as JsonObject).list);
  });

  it('copies an own __proto__ key as data without changing any prototype', () => {
    const base = JSON.parse('{"__proto__": {"a": 1}}') as JsonObject;
    const patch = JSON.parse('{"__proto__": {"b": 2}, "polluted": false}') as JsonObject;
    const merged = deepMerge(base, patch);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(merged, '__proto__')?.value).toEqual({ a: 1, b: 2 });
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });

  it('does not merge into an inherited __proto__ when only the patch has the key', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}}') as JsonObject;
    const merged = deepMerge({}, patch);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
