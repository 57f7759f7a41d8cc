import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import {
  MirrorTokens,
  type MirrorStore,
  type MirroredIds,
  type SourceWait,
  type SyncSource,
} from '@oxide-mirror/core';
import type { StrategySpec } from '../config/config-schema';
import type { EnvSecrets } from '../config/env-secrets';
import type { LoadedConfig } from '../config/load-config';
import { loadSource } from '../plugins/create-source';
import { buildStrategy } from './build-strategy';
import { CliTokens } from './cli-tokens';
import { loadStore, withMirrorHint } from './store-opener';

/** What to build besides the store and the strategy. */
export interface ContainerOptions {
  /** Ids of the configured sources to build, in order; none by default. */
  sources?: readonly string[];
  /** Stands in for the config's default strategy (`rebuild --strategy`). */
  strategy?: StrategySpec;
  /**
   * The command rebuilds the projection with the strategy: the store is opened without one,
   * since the projection's recorded strategy is about to change.
   */
  rebuild?: boolean;
  /** Resolves the sources' secrets. */
  secrets: EnvSecrets;
  /** Told of every wait of a source (a rate limit, a retry's backoff). */
  onWait?: (source: string, wait: SourceWait) => void;
  /** Open the mirror read-only: nothing is created, migrated or written. */
  readOnly?: boolean;
  /** A missing mirror is an error rather than a new empty one. */
  mustExist?: boolean;
  /**
   * Checks the built sources (throws to refuse them) before the store is opened, so that a
   * refusal creates no database.
   */
  checkSources?: (sources: readonly SyncSource[]) => void;
}

/**
 * The composition root: one child container holding the store (`MirrorTokens.store`), the
 * routed strategy (`MirrorTokens.strategy`), one `MirrorTokens.source` per requested source,
 * and the config. Every plugin loads, and every option is checked, and every source is built
 * (and checked, when the command asks) before the store is opened: a bad config never creates a
 * database. Sources get a read-only
 * view of the mirror that reads the store only once it is open.
 */
export async function buildContainer(
  settings: LoadedConfig,
  options: ContainerOptions,
): Promise<DependencyContainer> {
  const strategy = await buildStrategy(settings, options.strategy);
  const openStore = await loadStore(settings, options.secrets);
  // Filled once the store is open; sources only read through it during a sync.
  const opened: { store?: MirrorStore } = {};
  const mirrored: MirroredIds = {
    recordIds: (resource, source) => {
      if (opened.store === undefined) throw new Error('the mirror is not open yet');
      return opened.store.recordIds(resource, source);
    },
  };
  const container = rootContainer.createChildContainer();
  const sources: SyncSource[] = [];
  for (const id of options.sources ?? []) {
    const config = settings.config.sources[id];
    if (config === undefined) continue;
    const factory = await loadSource(id, config, {
      baseDir: settings.dir,
      secrets: options.secrets,
      onWait: (wait) => options.onWait?.(id, wait),
    });
    const source = await factory(mirrored);
    sources.push(source);
    container.registerInstance(MirrorTokens.source, source);
  }
  options.checkSources?.(sources);
  opened.store = await openStore({
    readOnly: options.readOnly === true,
    mustExist: options.mustExist === true || options.readOnly === true,
    ...(options.rebuild === true ? {} : { strategy }),
  }).catch((error: unknown) => {
    throw withMirrorHint(error, settings.database.label);
  });
  container.registerInstance(CliTokens.config, settings);
  container.registerInstance(MirrorTokens.store, opened.store);
  container.registerInstance(MirrorTokens.strategy, strategy);
  return container;
}
