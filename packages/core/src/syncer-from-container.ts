import type { DependencyContainer } from 'tsyringe';
import { Syncer, type SyncerOptions } from './syncer';
import { MirrorTokens } from './tokens';

/**
 * Builds a {@link Syncer} from what a container holds under {@link MirrorTokens}: the store, the
 * strategy and every registered source.
 */
export function syncerFromContainer(
  container: DependencyContainer,
  options: Omit<SyncerOptions, 'store' | 'strategy' | 'sources'> = {},
): Syncer {
  const sources = container.isRegistered(MirrorTokens.source, true)
    ? container.resolveAll(MirrorTokens.source)
    : [];
  return new Syncer({
    ...options,
    store: container.resolve(MirrorTokens.store),
    strategy: container.resolve(MirrorTokens.strategy),
    sources,
  });
}
