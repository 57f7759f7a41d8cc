import { defineStrategyPlugin } from '@oxide-mirror/core';
import { MergeJson } from './merge-json';

/** The entry hosts load by package name: `"strategy": "merge-json"` in a config. Takes no options. */
export const oxideMirrorPlugin = defineStrategyPlugin({
  name: 'merge-json',
  createStrategy: () => new MergeJson(),
});
