import { PluginOptionsError, defineSourcePlugin, type PullResult } from '@oxide-mirror/core';
import { StaticSource } from './static-source';

/**
 * The entry hosts load by package name. Options: `{ "pages": [PullResult…] }` or
 * `{ "deltas": [Delta…] }` (one page); the deltas are validated when they are synced.
 */
export const oxideMirrorPlugin = defineSourcePlugin({
  name: 'static',
  createSource(options, context) {
    const given = (options ?? {}) as { pages?: unknown; deltas?: unknown };
    if (Array.isArray(given.pages))
      return new StaticSource(context.id, given.pages as PullResult[]);
    if (Array.isArray(given.deltas)) {
      return new StaticSource(context.id, [
        { deltas: given.deltas as PullResult['deltas'], hasMore: false },
      ]);
    }
    throw new PluginOptionsError(
      'static',
      'pages',
      'must be an array of pages (or give deltas: an array)',
    );
  },
});
