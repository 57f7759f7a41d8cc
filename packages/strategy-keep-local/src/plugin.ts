import { defineStrategyPlugin, noOptions } from '@oxide-mirror/core';
import { KeepLocal } from './keep-local';

/** The entry hosts load by package name: `"strategy": "keep-local"` in a config. Takes no options: any given are refused. */
export const oxideMirrorPlugin = defineStrategyPlugin({
  name: 'keep-local',
  options: noOptions,
  createStrategy: () => new KeepLocal(),
});
