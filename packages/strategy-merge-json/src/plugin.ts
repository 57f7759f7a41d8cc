import { defineStrategyPlugin, noOptions } from '@oxide-mirror/core';
import { MergeJson } from './merge-json';

/** The entry hosts load by package name: `"strategy": "merge-json"` in a config. Takes no options: any given are refused. */
export const oxideMirrorPlugin = defineStrategyPlugin({
  name: 'merge-json',
  options: noOptions,
  createStrategy: () => new MergeJson(),
});
