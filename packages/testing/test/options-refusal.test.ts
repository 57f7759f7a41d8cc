import { AssertionError } from 'node:assert';
import { defineStrategyPlugin, noOptions } from '@oxide-mirror/core';
import { optionsRefusal } from '@oxide-mirror/testing';

const plain = defineStrategyPlugin({
  name: 'plain',
  options: noOptions,
  createStrategy: () => ({ name: 'plain', resolve: () => ({ kind: 'apply' }) }),
});

describe('optionsRefusal', () => {
  it('resolves with the field and message of options a plugin refuses', async () => {
    await expect(optionsRefusal(plain, { mode: 'strict' })).resolves.toEqual({
      field: '(options)',
      message: `plugin 'plain': option (options) takes no options, got {"mode":"strict"}`,
    });
  });

  it('fails when the plugin accepts the options', async () => {
    const accepted = optionsRefusal(plain, {});
    await expect(accepted).rejects.toThrow(AssertionError);
    await expect(accepted).rejects.toThrow("plugin 'plain' accepted {} as options");
  });
});
