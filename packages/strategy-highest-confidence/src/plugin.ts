import { defineStrategyPlugin } from '@oxide-mirror/core';
import { HighestConfidence } from './highest-confidence';

/** The entry hosts load by package name: `"strategy": "highest-confidence"` in a config. Takes no options. */
export const oxideMirrorPlugin = defineStrategyPlugin({
  name: 'highest-confidence',
  createStrategy: () => new HighestConfidence(),
});
