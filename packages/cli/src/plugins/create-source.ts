import {
  parsePluginOptions,
  type MirroredIds,
  type SourcePluginContext,
  type SourceWait,
  type SyncSource,
} from '@oxide-mirror/core';
import { CliError } from '../cli-error';
import { formatConfigPath } from '../config/config-path';
import type { SourceConfig } from '../config/config-schema';
import type { EnvSecrets } from '../config/env-secrets';
import { loadPlugin } from './load-plugin';
import { pluginFailure } from './plugin-failure';

/** What loading a source plugin needs besides the source's config. */
export interface SourceLoadContext {
  /** The config file's folder. */
  baseDir: string;
  /** Resolves `{ "$env": … }` references and plugin `secret()` calls. */
  secrets: EnvSecrets;
  /** Told of the source's waits (rate limits, retries), to show them as progress. */
  onWait?: (wait: SourceWait) => void;
}

/** Builds the source, given the read-only view of the mirror it syncs into. */
export type SourceFactory = (mirrored: MirroredIds) => Promise<SyncSource>;

/**
 * Loads the plugin a configured source names, resolves its options' secrets and checks them
 * with the plugin's schema, so that a bad plugin, a missing variable or a bad option is reported
 * before the database is touched; the returned factory then builds the source. Every failure
 * names the source's config field and the plugin.
 */
export async function loadSource(
  id: string,
  source: SourceConfig,
  { baseDir, secrets, onWait }: SourceLoadContext,
): Promise<SourceFactory> {
  const field = (key: string): string => formatConfigPath(['sources', id, key]);
  const plugin = await loadPlugin('source', {
    specifier: source.use,
    field: field('use'),
    baseDir,
  });
  const given = secrets.resolve(source.options, ['sources', id, 'options']);
  const options = await parsePluginOptions(plugin, given).catch((error: unknown) => {
    throw pluginFailure(error, field('options'), source.use);
  });
  return async (mirrored) => {
    const context: SourcePluginContext = {
      id,
      mirrored,
      baseDir,
      secret: (name) => secrets.secret(name, formatConfigPath(['sources', id])),
      knownSecrets: secrets.valuesIn(source.options),
      ...(onWait === undefined ? {} : { onWait }),
    };
    let built: SyncSource;
    try {
      built = await plugin.createSource(options, context);
    } catch (error) {
      throw pluginFailure(error, field('options'), source.use);
    }
    return checkSource(built, id, source.use, field('use'));
  };
}

function checkSource(built: SyncSource, id: string, use: string, field: string): SyncSource {
  if (typeof built?.pull !== 'function') {
    throw new CliError(`${field}: plugin '${use}' returned a source without pull()`);
  }
  if (built.id !== id) {
    throw new CliError(
      `${field}: plugin '${use}' built a source with id '${String(built.id)}', ` +
        `but the config names it '${id}'`,
    );
  }
  return built;
}
