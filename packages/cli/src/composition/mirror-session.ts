import type { Command } from 'commander';
import type { DependencyContainer } from 'tsyringe';
import {
  MirrorTokens,
  syncerFromContainer,
  type ConflictStrategy,
  type MirrorStore,
  type SyncSource,
  type Syncer,
} from '@oxide-mirror/core';
import type { CommandRuntime } from '../command-runtime';
import type { LoadedConfig } from '../config/load-config';
import { buildContainer, type ContainerOptions } from './build-container';

/** What a command needs from the mirror. */
export interface SessionOptions extends Omit<ContainerOptions, 'secrets'> {
  /** The command needs a config file (it syncs configured sources). */
  needsConfig?: boolean;
  /**
   * The command only reads: the mirror is opened read-only, so it is never migrated, its journal
   * mode never changed, and a file that is not a mirror is refused as it is. Implies `mustExist`.
   */
  readOnly?: boolean;
  /** Settings already resolved by the command; otherwise they come from its global options. */
  settings?: LoadedConfig;
}

/**
 * One command's view of the mirror: the container built from the config, with typed access to
 * what it holds. Close it when the command is done.
 */
export class MirrorSession {
  private constructor(
    /** The config and database the session works on. */
    readonly settings: LoadedConfig,
    /** The composition root. */
    readonly container: DependencyContainer,
  ) {}

  /** Resolves the config from `command`'s global options and builds the container. */
  static async open(
    runtime: CommandRuntime,
    command: Command,
    options: SessionOptions = {},
  ): Promise<MirrorSession> {
    const settings = options.settings ?? runtime.settings(command, options.needsConfig);
    const container = await buildContainer(settings, { ...options, secrets: runtime.secrets });
    return new MirrorSession(settings, container);
  }

  /** The store, whichever the config names. */
  get store(): MirrorStore {
    return this.container.resolve(MirrorTokens.store);
  }

  /** The strategy the mirror is kept with. */
  get strategy(): ConflictStrategy {
    return this.container.resolve(MirrorTokens.strategy);
  }

  /** The sources that were built, in config order. */
  get sources(): SyncSource[] {
    return this.container.isRegistered(MirrorTokens.source, true)
      ? this.container.resolveAll(MirrorTokens.source)
      : [];
  }

  /** A syncer over the container's store, strategy and sources, bounded as the config says. */
  syncer(): Syncer {
    const { sync, sources } = this.settings.config;
    const perSource = Object.fromEntries(
      Object.entries(sources).flatMap(([id, source]) =>
        source.onInvalid === undefined ? [] : [[id, { onInvalid: source.onInvalid }]],
      ),
    );
    return syncerFromContainer(this.container, { ...sync, perSource });
  }

  /** Closes the store. */
  async close(): Promise<void> {
    await this.store.close();
  }
}
