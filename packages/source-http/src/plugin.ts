import {
  PluginOptionsError,
  defineSourcePlugin,
  type SourcePluginContext,
} from '@oxide-mirror/core';
import { HttpConfigError } from './errors';
import type { HttpWait } from './http-client';
import { HttpSource } from './http-source';
import type { HttpSourceConfig } from './http-source-config';
import { knownRecordIdsFrom } from './known-record-ids';
import { describeHttpCursor } from './cursor-summary';
import { httpSourceOptionsSchema } from './schema/options-schema';
import { httpSourcePluginOptionsSchema } from './schema/plugin-options-schema';
import { envNamesIn } from './template';

/** What the source reads `{env:NAME}` placeholders from. */
type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The entry hosts such as the CLI load by package name. Options are an {@link HttpSourceConfig}
 * without `id`: the host's id for the source is used. `{env:NAME}` placeholders are read through
 * the host's `secret()`, so the host knows every credential handed out and can keep it out of its
 * own messages; inferred deletes read the host's store. Invalid options throw a
 * `PluginOptionsError` naming the field, for example `resources[0].pagination.limit`.
 *
 * @example
 * // oxide-mirror.config.json
 * // "sources": { "crm": { "use": "@oxide-mirror/source-http", "options": {
 * //   "baseUrl": "https://api.example.com/v2",
 * //   "headers": { "Authorization": "Bearer {env:CRM_TOKEN}" },
 * //   "resources": [{ "name": "crm_contacts", "path": "/contacts", "idField": "id" }] } } }
 */
export const oxideMirrorPlugin = {
  ...defineSourcePlugin({
    name: 'http',
    options: httpSourcePluginOptionsSchema,
    createSource,
    describeCursor: describeHttpCursor,
  }),
  /** The options' zod schema, for tools that inspect it. */
  optionsSchema: httpSourceOptionsSchema,
};

function createSource(options: unknown, context: SourcePluginContext): HttpSource {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new PluginOptionsError(
      'http',
      '(options)',
      'must be an object with baseUrl and resources',
    );
  }
  if ('id' in options) {
    throw new PluginOptionsError(
      'http',
      'id',
      "is not a setting: the source's key in the config is its id",
    );
  }
  const config = { ...options, id: context.id } as HttpSourceConfig;
  try {
    return new HttpSource(config, {
      knownRecordIds: knownRecordIdsFrom(context.mirrored),
      env: environmentFor(options, context),
      secrets: context.knownSecrets ?? [],
      ...(context.onWait === undefined
        ? {}
        : {
            onWait: (wait: HttpWait) =>
              context.onWait?.({ ms: wait.ms, reason: wait.reason, detail: wait.problem }),
          }),
    });
  } catch (error) {
    if (error instanceof HttpConfigError) {
      throw new PluginOptionsError('http', error.field, error.problem);
    }
    throw error;
  }
}

/**
 * The variables the options' placeholders name, read through the host. A variable the host
 * cannot give is left out rather than thrown here: the source then reports it together with the
 * field that needs it, which says more than the variable's name alone.
 */
function environmentFor(options: object, context: SourcePluginContext): Environment {
  // No prototype: a placeholder such as `{env:constructor}` must not find Object's members.
  const env: Record<string, string | undefined> = Object.create(null) as Record<string, string>;
  for (const name of new Set(placeholderNames(options))) {
    try {
      env[name] = context.secret(name);
    } catch {
      env[name] = undefined;
    }
  }
  return env;
}

/** Every `{env:NAME}` and `{ "$env": NAME }` name in `value`, however deeply nested. */
function placeholderNames(value: unknown): string[] {
  if (typeof value === 'string') return envNamesIn(value);
  if (typeof value !== 'object' || value === null) return [];
  const reference = (value as { $env?: unknown }).$env;
  if (typeof reference === 'string') return [reference];
  return Object.values(value).flatMap(placeholderNames);
}
