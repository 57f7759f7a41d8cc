import { PluginOptionsError, type MirrorStore, type SourcePluginContext } from '@oxide-mirror/core';
import { FakeshopApi } from '../src/fake-api/fakeshop-api';
import { FakeshopSource } from '../src/fakeshop-source';
import { oxideMirrorPlugin } from '../src/plugin';

function context(secrets: Record<string, string> = {}): SourcePluginContext {
  return {
    id: 'shop',
    store: {} as MirrorStore,
    baseDir: '/tmp',
    secret: (name) => {
      const value = secrets[name];
      if (value === undefined) throw new Error(`environment variable ${name} is not set`);
      return value;
    },
  };
}

async function optionsError(options: unknown): Promise<PluginOptionsError> {
  const error = await Promise.resolve()
    .then(() => oxideMirrorPlugin.createSource(options, context()))
    .then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
  expect(error).toBeInstanceOf(PluginOptionsError);
  return error as PluginOptionsError;
}

describe('the fakeshop plugin', () => {
  it('is a source plugin named fakeshop', () => {
    expect(oxideMirrorPlugin).toMatchObject({ kind: 'source', name: 'fakeshop' });
  });

  it('builds a source with the id from config and the API key from the environment', async () => {
    const api = await FakeshopApi.start({ apiKey: 'from-env' });
    try {
      api.upsert([{ id: 'p1', name: 'Mug', price_cents: 900, updated_at: '2024-05-01T09:00:00Z' }]);
      const source = await oxideMirrorPlugin.createSource(
        { baseUrl: api.url, apiKeyEnv: 'SHOP_KEY', resource: 'shop_products', confidence: 0.8 },
        context({ SHOP_KEY: 'from-env' }),
      );
      expect(source).toBeInstanceOf(FakeshopSource);
      expect(source.id).toBe('shop');
      const page = await source.pull(undefined);
      expect(page.deltas[0]).toMatchObject({
        resource: 'shop_products',
        provenance: { source: 'shop', confidence: 0.8 },
      });
    } finally {
      await api.close();
    }
  });

  it('names a missing secret through the host', async () => {
    await expect(
      Promise.resolve().then(() =>
        oxideMirrorPlugin.createSource(
          { baseUrl: 'http://127.0.0.1:1', apiKeyEnv: 'NOPE' },
          context(),
        ),
      ),
    ).rejects.toThrow(/NOPE is not set/);
  });

  it.each([
    [undefined, 'baseUrl', /is required/],
    [{}, 'baseUrl', /is required/],
    [{ baseUrl: 'not a url' }, 'baseUrl', /is not a URL/],
    [{ baseUrl: 'ftp://fakeshop.example' }, 'baseUrl', /must be http\(s\)/],
    [{ baseUrl: 'http://x', apiKeyEnv: 'has space' }, 'apiKeyEnv', /environment variable/],
    [{ baseUrl: 'http://x', pageSize: 0 }, 'pageSize', /1 to 100/],
    [{ baseUrl: 'http://x', pageSize: 2.5 }, 'pageSize', /1 to 100/],
    [{ baseUrl: 'http://x', resource: '' }, 'resource', /1 to 256/],
    [{ baseUrl: 'http://x', since: 'yesterday' }, 'since', /ISO-8601/],
    [{ baseUrl: 'http://x', confidence: 2 }, 'confidence', /0 to 1/],
    [{ baseUrl: 'http://x', apikey: 'k' }, 'apikey', /not an option of fakeshop/],
  ])('refuses %j, naming %s', async (options, field, problem) => {
    const error = await optionsError(options);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(problem);
    expect(error.message).toContain(`plugin 'fakeshop': option ${field}`);
  });
});
