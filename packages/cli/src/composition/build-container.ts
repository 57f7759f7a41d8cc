import { existsSync, rmSync } from 'node:fs';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { MirrorTokens } from '@oxide-mirror/core';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import type { StrategySpec } from '../config/config-schema';
import type { EnvSecrets } from '../config/env-secrets';
import type { LoadedConfig } from '../config/load-config';
import { loadSource, type SourceFactory } from '../plugins/create-source';
import { buildStrategy } from './build-strategy';
import { CliTokens } from './cli-tokens';

/** What to build besides the store and the strategy. */
export interface ContainerOptions {
  /** Ids of the configured sources to build, in order; none by default. */
  sources?: readonly string[];
  /** Stands in for the config's default strategy (`rebuild --strategy`). */
  strategy?: StrategySpec;
  /** Resolves the sources' secrets. */
  secrets: EnvSecrets;
  /** Open the mirror read-only: nothing is created, migrated or written. */
  readOnly?: boolean;
}

/**
 * The composition root: one child container holding the store (under `MirrorTokens.store` and
 * {@link CliTokens.sqliteStore}), the routed strategy (`MirrorTokens.strategy`), one
 * `MirrorTokens.source` per requested source, and the config. Plugins load by name from the
 * config's folder before the database is opened; if building a source fails after that, the
 * store is closed again (and removed if this call created it), so a bad config never leaves a
 * mirror behind.
 */
export async function buildContainer(
  settings: LoadedConfig,
  options: ContainerOptions,
): Promise<DependencyContainer> {
  const strategy = await buildStrategy(settings, options.strategy);
  const factories: SourceFactory[] = [];
  for (const id of options.sources ?? []) {
    const config = settings.config.sources[id];
    if (config === undefined) continue;
    factories.push(
      await loadSource(id, config, { baseDir: settings.dir, secrets: options.secrets }),
    );
  }
  const existed = existsSync(settings.databasePath);
  const store = await SqliteMirrorStore.open(settings.databasePath, {
    strategy,
    queryLimits: settings.config.query,
    readOnly: options.readOnly === true,
  });
  try {
    const container = rootContainer.createChildContainer();
    container.registerInstance(CliTokens.config, settings);
    container.registerInstance(CliTokens.sqliteStore, store);
    container.registerInstance(MirrorTokens.store, store);
    container.registerInstance(MirrorTokens.strategy, strategy);
    for (const factory of factories) {
      container.registerInstance(MirrorTokens.source, await factory(store));
    }
    return container;
  } catch (error) {
    await store.close();
    // Plugins validate their options only when given the store; a database this failed
    // command created holds nothing yet, and leaving it would look like a mirror.
    if (!existed) removeDatabase(settings.databasePath);
    throw error;
  }
}

function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}
