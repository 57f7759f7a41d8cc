import { defineSourcePlugin } from '@oxide-mirror/core';
import { StaticSource } from './static-source';
import { pagesOf, staticSourceOptionsSchema } from './static-source-options';

/**
 * The entry hosts load by package name. Options: `{ "pages": [PullResult…] }` or
 * `{ "deltas": [Delta…] }` (one page); the deltas are validated when they are synced.
 */
export const oxideMirrorPlugin = defineSourcePlugin({
  name: 'static',
  options: staticSourceOptionsSchema,
  createSource: (options, context) => new StaticSource(context.id, pagesOf(options)),
});
