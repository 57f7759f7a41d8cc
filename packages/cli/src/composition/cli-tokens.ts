import type { InjectionToken } from 'tsyringe';
import type { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import type { LoadedConfig } from '../config/load-config';

/**
 * tsyringe tokens of what the CLI registers besides core's `MirrorTokens`: the config it was
 * built from and the store with its SQLite-only capabilities (replay, history, events).
 */
export const CliTokens = {
  /** The validated config. */
  config: Symbol.for('oxide-mirror.cli.config') as InjectionToken<LoadedConfig>,
  /** The SQLite store, also registered as `MirrorTokens.store`. */
  sqliteStore: Symbol.for('oxide-mirror.cli.sqlite-store') as InjectionToken<SqliteMirrorStore>,
} as const;
