import type { ConflictStrategy } from '@oxide-mirror/core';
import { HighestConfidence } from '@oxide-mirror/strategy-highest-confidence';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { MergeJson } from '@oxide-mirror/strategy-merge-json';

/** The strategies the benchmark can run the project with, by their stable names. */
export const STRATEGY_NAMES = ['last-write-wins', 'highest-confidence', 'merge-json'] as const;

/** One of {@link STRATEGY_NAMES}. */
export type StrategyName = (typeof STRATEGY_NAMES)[number];

/** True when `name` is one of {@link STRATEGY_NAMES}. */
export function isStrategyName(name: string): name is StrategyName {
  return (STRATEGY_NAMES as readonly string[]).includes(name);
}

/** A new instance of the named strategy. */
export function createStrategy(name: StrategyName): ConflictStrategy {
  switch (name) {
    case 'last-write-wins':
      return new LastWriteWins();
    case 'highest-confidence':
      return new HighestConfidence();
    case 'merge-json':
      return new MergeJson();
  }
}
