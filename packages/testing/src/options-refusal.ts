import { fail } from 'node:assert/strict';
import { parsePluginOptions, type MirrorError, type PluginWithOptions } from '@oxide-mirror/core';

/** What a host reports for options a plugin's schema refused. */
export interface OptionsRefusal {
  /** The first bad option's path (`pageSize`, `auth.token`, `(options)` for the top level). */
  readonly field: string;
  /** The whole message, naming the plugin and every bad option. */
  readonly message: string;
}

/**
 * Checks `options` the way hosts do (`parsePluginOptions`) and expects them refused; resolves
 * with the refusal so a test can look at the field and message. Fails with an `AssertionError`
 * when the options are accepted or the refusal is not a `PluginOptionsError`.
 *
 * @example
 * const refusal = await optionsRefusal(oxideMirrorPlugin, { baseUrl: 'https://x', pagesize: 5 });
 * expect(refusal.field).toBe('pagesize');
 */
export async function optionsRefusal(
  plugin: PluginWithOptions<unknown>,
  options: unknown,
): Promise<OptionsRefusal> {
  const outcome = await parsePluginOptions(plugin, options).then(
    (parsed) => ({ parsed }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) {
    fail(`plugin '${plugin.name}' accepted ${JSON.stringify(options)} as options`);
  }
  const error = outcome.error as Partial<MirrorError> & { field?: unknown };
  if (error?.code !== 'INVALID_PLUGIN_OPTIONS' || typeof error.field !== 'string') {
    fail(`plugin '${plugin.name}' failed on its options with something else: ${String(error)}`);
  }
  return { field: error.field, message: String(error.message) };
}
