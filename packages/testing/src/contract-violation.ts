import { isDeepStrictEqual } from 'node:util';
import { AssertionError, deepStrictEqual } from 'node:assert/strict';

/**
 * A plugin broke a rule of its contract. The message says which scenario, what the rule is and
 * what the plugin did instead, so a plugin author can act on it without reading the kit.
 */
export class ContractViolation extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ContractViolation';
  }
}

/** Throws a {@link ContractViolation} saying `problem` unless `condition` holds. */
export function check(condition: unknown, problem: string | (() => string)): asserts condition {
  if (!condition) throw new ContractViolation(typeof problem === 'string' ? problem : problem());
}

/**
 * Throws a {@link ContractViolation} naming `what` unless `actual` deep-equals `expected`; the
 * message carries node's diff of the two. Arrays and objects are compared by content only: a
 * native driver may build them in another realm (better-sqlite3 rows do, under jest), whose
 * prototypes differ from ours.
 */
export function checkEqual(actual: unknown, expected: unknown, what: string): void {
  const [left, right] = [sameRealm(actual), sameRealm(expected)];
  if (isDeepStrictEqual(left, right)) return;
  try {
    deepStrictEqual(left, right);
  } catch (error) {
    const diff = error instanceof AssertionError ? error.message : String(error);
    throw new ContractViolation(`${what}\n${diff}`);
  }
  throw new ContractViolation(what);
}

/** A copy of plain data whose arrays and objects are this realm's. */
function sameRealm(value: unknown): unknown {
  if (Array.isArray(value)) return Array.from(value, sameRealm);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, sameRealm(item)]));
}

/** A short description of a thrown value, for messages. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
