import { RoutedStrategy, type ConflictStrategy } from '@oxide-mirror/core';
import { formatConfigPath } from '../config/config-path';
import type { StrategySpec } from '../config/config-schema';
import type { LoadedConfig } from '../config/load-config';
import { createStrategy } from '../plugins/create-strategy';

/**
 * The strategy the mirror is kept with: the config's default, routed by the per-source and
 * per-resource overrides. Being one strategy, it rules live syncs and replays alike, so a
 * rebuild projects exactly what the syncs did.
 *
 * @param defaultOverride stands in for the config's `strategy` (`rebuild --strategy`).
 */
export async function buildStrategy(
  settings: LoadedConfig,
  defaultOverride?: StrategySpec,
): Promise<ConflictStrategy> {
  const { config, dir } = settings;
  const fallback =
    defaultOverride === undefined
      ? await createStrategy(config.strategy, 'strategy', dir)
      : await createStrategy(defaultOverride, '--strategy', dir);
  const bySource: Record<string, ConflictStrategy> = {};
  for (const [id, source] of Object.entries(config.sources)) {
    if (source.strategy === undefined) continue;
    const field = formatConfigPath(['sources', id, 'strategy']);
    bySource[id] = await createStrategy(source.strategy, field, dir);
  }
  const byResource: Record<string, ConflictStrategy> = {};
  for (const [resource, settingsOf] of Object.entries(config.resources)) {
    const field = formatConfigPath(['resources', resource, 'strategy']);
    byResource[resource] = await createStrategy(settingsOf.strategy, field, dir);
  }
  if (Object.keys(bySource).length === 0 && Object.keys(byResource).length === 0) return fallback;
  return new RoutedStrategy(fallback, { bySource, byResource });
}
