import { defineStrategyPlugin } from '@oxide-mirror/core';
import { KeepLocal } from './keep-local';

/** The entry hosts load by package name: `"strategy": "keep-local"` in a config. Takes no options. */
export const oxideMirrorPlugin = defineStrategyPlugin({
  name: 'keep-local',
  createStrategy: () => new KeepLocal(),
});
