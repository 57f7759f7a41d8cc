import { defineSourcePlugin } from '@oxide-mirror/core';
import { parseFakeshopOptions } from './fakeshop-options';
import { FakeshopSource } from './fakeshop-source';

/**
 * The entry oxide-mirror hosts load by package name. Config:
 * `{ "id": "shop", "plugin": "@acme/oxide-mirror-source-fakeshop",
 *    "options": { "baseUrl": "http://127.0.0.1:4010", "apiKeyEnv": "FAKESHOP_API_KEY" } }`.
 */
export const oxideMirrorPlugin = defineSourcePlugin({
  name: 'fakeshop',
  createSource(options, context) {
    const { apiKeyEnv, ...settings } = parseFakeshopOptions(options);
    const apiKey = apiKeyEnv === undefined ? undefined : context.secret(apiKeyEnv);
    return new FakeshopSource({ ...settings, id: context.id, apiKey });
  },
});
