import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { mirrorConfigSchema } from './config-schema';
import { DEFAULT_CONFIG_FILE, loadConfig, type LoadedConfig } from './load-config';
import { storeTargetOf } from './store-target';

/** The global options that say which config and database a command works on. */
export interface TargetOptions {
  /** `--config <file>`. */
  config?: string;
  /** `--db <file|url>`: the database to use instead of the config's. */
  db?: string;
}

/**
 * Works out the config and database a command uses. `--config` wins; otherwise
 * `oxide-mirror.config.json` in the working directory; otherwise, for commands that only read
 * the mirror, `--db` alone will do.
 *
 * @param needsConfig true for commands that need configured sources (`sync`).
 */
export function resolveSettings(
  options: TargetOptions,
  cwd: string,
  needsConfig: boolean,
): LoadedConfig {
  const defaultFile = resolve(cwd, DEFAULT_CONFIG_FILE);
  const useDefaults = options.config === undefined && !existsSync(defaultFile);
  if (useDefaults && options.db !== undefined && !needsConfig) {
    const config = mirrorConfigSchema.parse({});
    return { file: undefined, dir: cwd, config, database: storeTargetOf(options.db, cwd) };
  }
  const loaded = loadConfig(
    options.config === undefined ? defaultFile : resolve(cwd, options.config),
  );
  return options.db === undefined
    ? loaded
    : { ...loaded, database: storeTargetOf(options.db, cwd) };
}
