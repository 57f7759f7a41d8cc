import { defineStrategyPlugin, noOptions } from '@oxide-mirror/core';
import { kitKeepFirst, kitLastWriteWins, kitShallowMerge } from './reference-strategies';

/*
 * The kit's strategies as plugins, so that a store that decides on another thread (the SQLite
 * store's writer thread) can build them there and the suites exercise that path too.
 */

/** Builds {@link kitLastWriteWins}. */
export const kitLastWriteWinsPlugin = defineStrategyPlugin({
  name: kitLastWriteWins.name,
  options: noOptions,
  createStrategy: () => kitLastWriteWins,
});

/** Builds {@link kitKeepFirst}. */
export const kitKeepFirstPlugin = defineStrategyPlugin({
  name: kitKeepFirst.name,
  options: noOptions,
  createStrategy: () => kitKeepFirst,
});

/** Builds {@link kitShallowMerge}. */
export const kitShallowMergePlugin = defineStrategyPlugin({
  name: kitShallowMerge.name,
  options: noOptions,
  createStrategy: () => kitShallowMerge,
});
