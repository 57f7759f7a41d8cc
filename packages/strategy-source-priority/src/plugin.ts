import { defineStrategyPlugin } from '@oxide-mirror/core';
import { SourcePriority } from './source-priority';
import { sourcePriorityOptionsSchema } from './source-priority-options';

/**
 * The entry hosts load by package name: `"strategy": "source-priority"` with options
 * `{ "order": ["crm", "billing"], "byResource": { "invoices": ["billing", "crm"] } }`.
 * Hosts check the options with its schema; bad options are a `PluginOptionsError` naming the field.
 */
export const oxideMirrorPlugin = defineStrategyPlugin({
  name: 'source-priority',
  options: sourcePriorityOptionsSchema,
  createStrategy: (options) => new SourcePriority(options),
});
