import {
  parsePluginOptions,
  type MirrorError,
  type MirrorStore,
  type StoreOpenContext,
} from '@oxide-mirror/core';
import { CliError } from '../cli-error';
import type { EnvSecrets } from '../config/env-secrets';
import type { LoadedConfig } from '../config/load-config';
import { loadPlugin } from '../plugins/load-plugin';
import { pluginFailure } from '../plugins/plugin-failure';

/** How a command wants the mirror opened. */
export type StoreOpenRequest = Pick<StoreOpenContext, 'strategy' | 'readOnly' | 'mustExist'>;

/** Opens the configured store; its plugin is loaded and its options checked already. */
export type StoreOpener = (request: StoreOpenRequest) => Promise<MirrorStore>;

/**
 * Loads the store plugin the config's `database` names and checks its options (secrets
 * resolved) before anything is opened, so a misspelt option never creates a database. The
 * returned opener opens it.
 */
export async function loadStore(settings: LoadedConfig, secrets: EnvSecrets): Promise<StoreOpener> {
  const { database, dir, config } = settings;
  const plugin = await loadPlugin('store', {
    specifier: database.use,
    field: 'database',
    baseDir: dir,
  });
  const given = secrets.resolve(database.options, ['database', 'options']);
  const options = await parsePluginOptions(plugin, given).catch((error: unknown) => {
    throw pluginFailure(error, 'database.options', database.use);
  });
  return (request) =>
    plugin.open(options, {
      ...request,
      queryLimits: config.query,
      baseDir: dir,
      secret: (name) => secrets.secret(name, 'database'),
    });
}

/** A missing mirror, said with how to make one; any other error as it is. */
export function withMirrorHint(error: unknown, label: string): unknown {
  if ((error as Partial<MirrorError> | undefined)?.code !== 'NO_MIRROR') return error;
  return new CliError(
    `no mirror at ${label}: run \`oxide-mirror sync\` first ` +
      '(or `oxide-mirror demo` for a ready-made one)',
    { cause: error },
  );
}
