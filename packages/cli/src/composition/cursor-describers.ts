import { formatConfigPath } from '../config/config-path';
import type { LoadedConfig } from '../config/load-config';
import type { CursorDescriber } from '../output/cursor-summary';
import { loadPlugin } from '../plugins/load-plugin';

/**
 * The `describeCursor` of each configured source's plugin, by source id. Only the plugin module
 * is loaded (no options, no secrets), so read-only commands can use it; a source whose plugin
 * has none, or cannot be loaded here, is left out and its cursors get the generic summary.
 */
export async function cursorDescribers(
  settings: LoadedConfig,
): Promise<Map<string, CursorDescriber>> {
  const describers = new Map<string, CursorDescriber>();
  for (const [id, source] of Object.entries(settings.config.sources)) {
    try {
      const plugin = await loadPlugin('source', {
        specifier: source.use,
        field: formatConfigPath(['sources', id, 'use']),
        baseDir: settings.dir,
      });
      const describe = plugin.describeCursor;
      if (typeof describe === 'function')
        describers.set(id, (cursor) => describe.call(plugin, cursor));
    } catch {
      // Showing a cursor never needs the plugin: without it, the generic summary stands in.
    }
  }
  return describers;
}
