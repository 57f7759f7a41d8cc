import { z } from 'zod';
import type { PluginDescription } from '../plugins/plugin-catalog';
import { mirrorConfigSchema, sourceConfigSchema, strategySpecSchema } from './config-schema';

type JsonSchema = Record<string, unknown>;

/** Where a secret may stand in for any string option. */
const ENV_REFERENCE: JsonSchema = {
  type: 'object',
  properties: { $env: { type: 'string', description: 'Environment variable holding the value.' } },
  required: ['$env'],
  additionalProperties: false,
};

/** `schema` with every string also allowed as `{ "$env": NAME }`, as the CLI resolves them. */
function allowEnvReferences(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(allowEnvReferences);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy = Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => key !== '$schema')
      .map(([key, value]) => [key, allowEnvReferences(value)]),
  );
  return copy.type === 'string' ? { anyOf: [copy, { $ref: '#/$defs/envReference' }] } : copy;
}

/** `if use is <plugin>, then options follow its schema`, one per plugin. */
function optionsByUse(plugins: readonly PluginDescription[]): JsonSchema[] {
  return plugins
    .filter((plugin) => plugin.options !== undefined)
    .map((plugin) => ({
      if: { properties: { use: { const: plugin.use } }, required: ['use'] },
      then: { properties: { options: allowEnvReferences(plugin.options) } },
    }));
}

/**
 * The JSON Schema (draft 2020-12) of `oxide-mirror.config.json`, derived from the config's own
 * zod schema, with each known plugin's options schema attached to the `use` that names it, so
 * that editors complete and check plugin options too.
 */
export function configJsonSchema(plugins: readonly PluginDescription[]): JsonSchema {
  const sources = optionsByUse(plugins.filter((plugin) => plugin.kind === 'source'));
  const strategies = optionsByUse(plugins.filter((plugin) => plugin.kind === 'strategy'));
  const schema = z.toJSONSchema(mirrorConfigSchema, {
    io: 'input',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema === sourceConfigSchema && sources.length > 0) jsonSchema.allOf = sources;
      if (zodSchema === strategySpecSchema && strategies.length > 0) jsonSchema.allOf = strategies;
    },
  }) as JsonSchema;
  return {
    ...schema,
    title: 'oxide-mirror config',
    $defs: { ...(schema.$defs as JsonSchema | undefined), envReference: ENV_REFERENCE },
  };
}
