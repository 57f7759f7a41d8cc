import { defineStrategyPlugin } from '@oxide-mirror/core';
import { SourcePriority } from './source-priority';
import { parseSourcePriorityOptions } from './source-priority-options';

/**
 * The entry hosts load by package name: `"strategy": "source-priority"` with options
 * `{ "order": ["crm", "billing"], "byResource": { "invoices": ["billing", "crm"] } }`.
 * Bad options throw `PluginOptionsError` naming the field.
 */
export const oxideMirrorPlugin = defineStrategyPlugin({
  name: 'source-priority',
  createStrategy: (options) => new SourcePriority(parseSourcePriorityOptions(options)),
});
