import { canonicalJson } from '../canonical-json';
import type { ConflictStrategy } from '../conflict-strategy';
import type { JsonValue } from '../json';

/** Which strategy built a projection: its name and the options that shape its decisions. */
export interface StrategyIdentity {
  name: string;
  /** The strategy's `options`, when it has any. */
  options?: JsonValue;
}

/** The identity of `strategy`, as a store records it. */
export function strategyIdentityOf(strategy: ConflictStrategy): StrategyIdentity {
  return strategy.options === undefined
    ? { name: strategy.name }
    : { name: strategy.name, options: strategy.options };
}

/**
 * The identity as one canonical string: equal identities give equal text whatever the order of
 * their options' keys, so stores compare and store this.
 */
export function strategyIdentityText(identity: StrategyIdentity): string {
  return canonicalJson(identity as unknown as JsonValue);
}

/** The identity in messages: the name, then the options as JSON when there are any. */
export function describeStrategy(identity: StrategyIdentity): string {
  return identity.options === undefined
    ? `'${identity.name}'`
    : `'${identity.name}' ${canonicalJson(identity.options)}`;
}
