import type { InjectionToken } from 'tsyringe';
import type { Clock } from './clock';
import type { ConflictStrategy } from './conflict-strategy';
import type { MirrorStore } from './mirror-store';
import type { SyncSource } from './sync-source';

/**
 * tsyringe tokens under which a composition root registers the mirror's parts. Symbols from the
 * global registry, so two copies of this package still agree on them.
 *
 * @example
 * container.registerInstance(MirrorTokens.store, store);
 * container.registerInstance(MirrorTokens.strategy, new LastWriteWins());
 * container.registerInstance(MirrorTokens.source, new StaticSource('crm', pages));
 * const syncer = syncerFromContainer(container);
 */
export const MirrorTokens = {
  /** The {@link MirrorStore}. */
  store: Symbol.for('oxide-mirror.store') as InjectionToken<MirrorStore>,
  /** The default {@link ConflictStrategy}. */
  strategy: Symbol.for('oxide-mirror.strategy') as InjectionToken<ConflictStrategy>,
  /** Every {@link SyncSource}; register one instance per source. */
  source: Symbol.for('oxide-mirror.source') as InjectionToken<SyncSource>,
  /** The {@link Clock}. */
  clock: Symbol.for('oxide-mirror.clock') as InjectionToken<Clock>,
} as const;
