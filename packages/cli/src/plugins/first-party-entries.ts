import {
  PluginOptionsError,
  defineSourcePlugin,
  type MirrorPlugin,
  type SourcePluginContext,
} from '@oxide-mirror/core';
import type * as SourceHttp from '@oxide-mirror/source-http';

/**
 * Plugin entries for first-party packages that do not export `oxideMirrorPlugin` themselves yet.
 * The package is still loaded by name from the config's folder; only the entry is supplied here,
 * and a package's own entry always wins once it has one.
 */
export const FIRST_PARTY_ENTRIES: Readonly<Record<string, (loaded: object) => MirrorPlugin>> = {
  '@oxide-mirror/source-http': (loaded) => httpSourcePlugin(loaded as typeof SourceHttp),
};

/**
 * `@oxide-mirror/source-http` as a source plugin: options are an `HttpSourceConfig` without `id`
 * (the config's source id is used). `{env:NAME}` placeholders read the environment through the
 * context, so the CLI knows every secret handed out and can keep it out of its messages.
 */
function httpSourcePlugin(module: typeof SourceHttp): MirrorPlugin {
  return defineSourcePlugin({
    name: 'http',
    createSource(options, context) {
      if (typeof options !== 'object' || options === null || Array.isArray(options)) {
        throw new PluginOptionsError(
          'http',
          '(options)',
          'must be an object with baseUrl and resources',
        );
      }
      const config = { ...(options as object), id: context.id } as SourceHttp.HttpSourceConfig;
      try {
        return new module.HttpSource(config, {
          knownRecordIds: module.knownRecordIdsFromStore(context.store),
          env: environmentOf(context),
        });
      } catch (error) {
        if (error instanceof module.HttpConfigError) {
          throw new PluginOptionsError('http', error.field, error.problem);
        }
        throw error;
      }
    },
  });
}

/** The environment as source-http reads it: unset variables are `undefined`, as it expects. */
function environmentOf(context: SourcePluginContext): Readonly<Record<string, string | undefined>> {
  return new Proxy(
    {},
    {
      get(_target, name) {
        if (typeof name !== 'string') return undefined;
        try {
          return context.secret(name);
        } catch {
          return undefined;
        }
      },
    },
  );
}
