import { defineStrategyPlugin, noOptions } from '@oxide-mirror/core';
import { LastWriteWins } from './last-write-wins';

/** The entry hosts load by package name: `"strategy": "last-write-wins"` in a config. Takes no options: any given are refused. */
export const oxideMirrorPlugin = defineStrategyPlugin({
  name: 'last-write-wins',
  options: noOptions,
  createStrategy: () => new LastWriteWins(),
});
