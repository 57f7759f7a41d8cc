import type { ConflictStrategy, StrategyPluginRef } from './conflict-strategy';
import { MirrorError } from './errors';
import type { StrategyPlugin } from './plugin';
import { parsePluginOptions } from './plugin-options';
import {
  describeStrategy,
  strategyIdentityOf,
  strategyIdentityText,
  type StrategyIdentity,
} from './store/strategy-identity';

/**
 * Builds, in this thread, the strategy another thread holds as `identity` and names the plugin
 * of as `ref`: loads the module, checks the options with the plugin's schema, and refuses a
 * result whose name or options differ (the plugin would not decide as the original does).
 * Throws a `MirrorError` (`STRATEGY_FAILED`) saying what did not match.
 */
export async function strategyFromPlugin(
  ref: StrategyPluginRef,
  identity: StrategyIdentity,
): Promise<ConflictStrategy> {
  const exportName = ref.export ?? 'oxideMirrorPlugin';
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time, loaded synchronously as CommonJS
  const loaded = (require(ref.module) as Record<string, unknown>)[exportName] as
    StrategyPlugin | undefined;
  if (loaded?.kind !== 'strategy' || typeof loaded.createStrategy !== 'function') {
    throw new MirrorError(
      'STRATEGY_FAILED',
      `${ref.module} exports no strategy plugin as '${exportName}'`,
    );
  }
  const options = await parsePluginOptions(loaded, identity.options);
  const strategy = loaded.createStrategy(options);
  const built = strategyIdentityOf(strategy);
  if (strategyIdentityText(built) !== strategyIdentityText(identity)) {
    throw new MirrorError(
      'STRATEGY_FAILED',
      `the plugin in ${ref.module} built ${describeStrategy(built)} from the options of ` +
        `${describeStrategy(identity)}`,
    );
  }
  return strategy;
}
