import { z } from 'zod';
import {
  PluginOptionsError,
  defineSourcePlugin,
  defineStrategyPlugin,
  noOptions,
  parsePluginOptions,
  pluginOptionsJsonSchema,
} from '@oxide-mirror/core';

const petstore = defineSourcePlugin({
  name: 'petstore',
  options: z.object({
    baseUrl: z.url().describe('Where the API lives.'),
    pageSize: z.int().positive().default(100),
    auth: z.object({ header: z.string() }).optional(),
  }),
  createSource: () => {
    throw new Error('not built in these tests');
  },
});

async function refusal(plugin: Parameters<typeof parsePluginOptions>[0], options: unknown) {
  const error = await parsePluginOptions(plugin, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(PluginOptionsError);
  return error as PluginOptionsError;
}

describe('plugin options', () => {
  it('returns the options the schema produced, defaults filled in', async () => {
    await expect(
      parsePluginOptions(petstore, { baseUrl: 'https://pets.example' }),
    ).resolves.toEqual({ baseUrl: 'https://pets.example', pageSize: 100 });
  });

  it('names every bad option by its path', async () => {
    const error = await refusal(petstore, { baseUrl: 'nope', pageSize: -1 });
    expect(error.field).toBe('baseUrl');
    expect(error.message).toMatch(/^plugin 'petstore': option baseUrl .*; option pageSize /);
  });

  it('refuses keys a stripping schema would drop, nested ones too', async () => {
    const top = await refusal(petstore, { baseUrl: 'https://pets.example', pagesize: 5 });
    expect(top.field).toBe('pagesize');
    expect(top.message).toContain('is not an option of this plugin');
    const nested = await refusal(petstore, {
      baseUrl: 'https://pets.example',
      auth: { header: 'x', token: 'y' },
    });
    expect(nested.field).toBe('auth.token');
  });

  it('names each unknown key a strict schema reports', async () => {
    const strict = defineStrategyPlugin({
      name: 'strict',
      options: z.strictObject({ level: z.int() }),
      createStrategy: () => ({}) as never,
    });
    const error = await refusal(strict, { level: 1, levle: 2, mode: 'x' });
    expect(error.field).toBe('levle');
    expect(error.message).toBe(
      "plugin 'strict': option levle is not an option of this plugin; " +
        'option mode is not an option of this plugin',
    );
  });

  it('passes options through untouched when a plugin has no schema', async () => {
    const bare = defineStrategyPlugin({ name: 'bare', createStrategy: () => ({}) as never });
    const given = { anything: [1, 2] };
    await expect(parsePluginOptions(bare, given)).resolves.toBe(given);
  });

  it('accepts nothing or an empty object for a plugin that takes no options, and nothing else', async () => {
    const plain = defineStrategyPlugin({
      name: 'plain',
      options: noOptions,
      createStrategy: () => ({}) as never,
    });
    await expect(parsePluginOptions(plain, undefined)).resolves.toBeUndefined();
    await expect(parsePluginOptions(plain, {})).resolves.toBeUndefined();
    const error = await refusal(plain, { mode: 'strict' });
    expect(error.message).toBe(
      `plugin 'plain': option (options) takes no options, got {"mode":"strict"}`,
    );
  });

  it('describes options as JSON Schema when the schema can', () => {
    expect(pluginOptionsJsonSchema(petstore)).toMatchObject({
      type: 'object',
      properties: { baseUrl: { type: 'string', description: 'Where the API lives.' } },
      required: ['baseUrl'],
    });
    expect(pluginOptionsJsonSchema({ name: 'plain', options: noOptions })).toMatchObject({
      additionalProperties: false,
    });
    expect(pluginOptionsJsonSchema({ name: 'bare' })).toBeUndefined();
  });
});
