import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { DependencyContainer } from 'tsyringe';
import {
  MirrorTokens,
  syncerFromContainer,
  type ConflictStrategy,
  type SyncSource,
  type Syncer,
} from '@oxide-mirror/core';
import type { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { CliError } from '../cli-error';
import type { CommandRuntime } from '../command-runtime';
import type { LoadedConfig } from '../config/load-config';
import { buildContainer, type ContainerOptions } from './build-container';
import { CliTokens } from './cli-tokens';

/** What a command needs from the mirror. */
export interface SessionOptions extends Omit<ContainerOptions, 'secrets'> {
  /** The command needs a config file (it syncs configured sources). */
  needsConfig?: boolean;
  /** The command only reads: a missing database is an error rather than a new empty mirror. */
  mustExist?: boolean;
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
    if ((options.mustExist || options.readOnly) && !existsSync(settings.databasePath)) {
      throw new CliError(
        `no mirror at ${settings.databasePath}: run \`oxide-mirror sync\` first ` +
          '(or `oxide-mirror demo` for a ready-made one)',
      );
    }
    const container = await buildContainer(settings, { ...options, secrets: runtime.secrets });
    return new MirrorSession(settings, container);
  }

  /** The SQLite store. */
  get store(): SqliteMirrorStore {
    return this.container.resolve(CliTokens.sqliteStore);
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
