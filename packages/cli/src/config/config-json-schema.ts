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

/**
 * `schema` with its own `$defs` moved into `defs` under names prefixed with `prefix`, and its
 * `#/$defs/…` references renamed to match: a plugin's schema is nested in the config's, where a
 * reference to `#` means the config's root.
 */
function hoistDefinitions(schema: unknown, prefix: string, defs: JsonSchema): unknown {
  if (Array.isArray(schema)) return schema.map((item) => hoistDefinitions(item, prefix, defs));
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$defs' && typeof value === 'object' && value !== null) {
      for (const [name, definition] of Object.entries(value)) {
        defs[`${prefix}${name}`] = hoistDefinitions(definition, prefix, defs);
      }
    } else if (key === '$ref' && typeof value === 'string' && value.startsWith('#/$defs/')) {
      copy[key] = `#/$defs/${prefix}${value.slice('#/$defs/'.length)}`;
    } else {
      copy[key] = hoistDefinitions(value, prefix, defs);
    }
  }
  return copy;
}

/** `if use is <plugin>, then options follow its schema`, one per plugin; `defs` gets theirs. */
function optionsByUse(plugins: readonly PluginDescription[], defs: JsonSchema): JsonSchema[] {
  return plugins
    .filter((plugin) => plugin.options !== undefined)
    .map((plugin) => {
      const prefix = `${plugin.use.replace(/[^A-Za-z0-9]+/g, '_')}__`;
      const own: JsonSchema = {};
      const options = allowEnvReferences(hoistDefinitions(plugin.options, prefix, own));
      for (const [name, definition] of Object.entries(own)) {
        defs[name] = allowEnvReferences(definition);
      }
      return {
        if: { properties: { use: { const: plugin.use } }, required: ['use'] },
        then: { properties: { options } },
      };
    });
}

/**
 * The JSON Schema (draft 2020-12) of `oxide-mirror.config.json`, derived from the config's own
 * zod schema, with each known plugin's options schema attached to the `use` that names it, so
 * that editors complete and check plugin options too.
 */
export function configJsonSchema(plugins: readonly PluginDescription[]): JsonSchema {
  const pluginDefs: JsonSchema = {};
  const sources = optionsByUse(
    plugins.filter((plugin) => plugin.kind === 'source'),
    pluginDefs,
  );
  const strategies = optionsByUse(
    plugins.filter((plugin) => plugin.kind === 'strategy'),
    pluginDefs,
  );
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
    $defs: {
      ...(schema.$defs as JsonSchema | undefined),
      ...pluginDefs,
      envReference: ENV_REFERENCE,
    },
  };
}
