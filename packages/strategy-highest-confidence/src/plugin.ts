import { defineStrategyPlugin, noOptions } from '@oxide-mirror/core';
import { HighestConfidence } from './highest-confidence';

/** The entry hosts load by package name: `"strategy": "highest-confidence"` in a config. Takes no options: any given are refused. */
export const oxideMirrorPlugin = defineStrategyPlugin({
  name: 'highest-confidence',
  options: noOptions,
  createStrategy: () => new HighestConfidence(),
});
