import { parsePluginOptions, type ConflictStrategy } from '@oxide-mirror/core';
import { CliError } from '../cli-error';
import type { StrategySpec } from '../config/config-schema';
import { FIRST_PARTY_STRATEGIES } from './first-party-strategies';
import { loadPlugin } from './load-plugin';
import { pluginFailure } from './plugin-failure';

const SHORT_NAMES_HINT = `; first-party strategies are ${Object.keys(FIRST_PARTY_STRATEGIES).join(', ')}`;

/**
 * Builds the strategy a config field names: a first-party short name, or a package or relative
 * path whose module exports a strategy `oxideMirrorPlugin`.
 *
 * @param field path of the config field, for messages (`resources.invoices.strategy`).
 */
export async function createStrategy(
  spec: StrategySpec,
  field: string,
  baseDir: string,
): Promise<ConflictStrategy> {
  const { use, options: given } =
    typeof spec === 'string' ? { use: spec, options: undefined } : spec;
  const specifier = FIRST_PARTY_STRATEGIES[use] ?? use;
  const plugin = await loadPlugin('strategy', {
    specifier,
    field,
    baseDir,
    notFoundHint: SHORT_NAMES_HINT,
  });
  const options = await parsePluginOptions(plugin, given).catch((error: unknown) => {
    throw pluginFailure(error, field, use);
  });
  let strategy: ConflictStrategy;
  try {
    strategy = plugin.createStrategy(options);
  } catch (error) {
    throw pluginFailure(error, field, use);
  }
  if (typeof strategy?.name !== 'string' || typeof strategy.resolve !== 'function') {
    throw new CliError(
      `${field}: plugin '${use}' returned something that is not a strategy (needs name and resolve())`,
    );
  }
  return strategy;
}
