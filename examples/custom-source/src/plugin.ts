import { defineSourcePlugin } from '@oxide-mirror/core';
import { fakeshopOptionsSchema } from './fakeshop-options';
import { FakeshopSource } from './fakeshop-source';

/**
 * The entry oxide-mirror hosts load by package name. Config:
 * `"sources": { "shop": { "use": "@acme/oxide-mirror-source-fakeshop",
 *    "options": { "baseUrl": "http://127.0.0.1:4010", "apiKeyEnv": "FAKESHOP_API_KEY" } } }`.
 * Hosts check the options with the schema before `createSource` gets them.
 */
export const oxideMirrorPlugin = defineSourcePlugin({
  name: 'fakeshop',
  options: fakeshopOptionsSchema,
  createSource({ apiKeyEnv, ...settings }, context) {
    const apiKey = apiKeyEnv === undefined ? undefined : context.secret(apiKeyEnv);
    return new FakeshopSource({ ...settings, id: context.id, apiKey });
  },
});
