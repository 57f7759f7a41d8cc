import { parsePluginOptions, type SourcePluginContext } from '@oxide-mirror/core';
import { optionsRefusal } from '@oxide-mirror/testing';
import { FakeshopApi } from '../src/fake-api/fakeshop-api';
import { FakeshopSource } from '../src/fakeshop-source';
import { oxideMirrorPlugin } from '../src/plugin';

function context(secrets: Record<string, string> = {}): SourcePluginContext {
  return {
    id: 'shop',
    mirrored: { recordIds: async () => [] },
    baseDir: '/tmp',
    secret: (name) => {
      const value = secrets[name];
      if (value === undefined) throw new Error(`environment variable ${name} is not set`);
      return value;
    },
  };
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

  it('gives createSource the checked options, times normalised to UTC', async () => {
    await expect(
      parsePluginOptions(oxideMirrorPlugin, {
        baseUrl: 'http://127.0.0.1:4010',
        since: '2024-05-01T11:00:00+02:00',
      }),
    ).resolves.toEqual({ baseUrl: 'http://127.0.0.1:4010', since: '2024-05-01T09:00:00.000Z' });
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
    [undefined, '(options)', /needs options \{ "baseUrl": "…" \}/],
    [{}, 'baseUrl', /must be an http\(s\) URL/],
    [{ baseUrl: 'not a url' }, 'baseUrl', /must be an http\(s\) URL/],
    [{ baseUrl: 'ftp://fakeshop.example' }, 'baseUrl', /must be an http\(s\) URL/],
    [{ baseUrl: 'http://x', apiKeyEnv: 'has space' }, 'apiKeyEnv', /environment variable/],
    [{ baseUrl: 'http://x', pageSize: 0 }, 'pageSize', /1 to 100/],
    [{ baseUrl: 'http://x', pageSize: 2.5 }, 'pageSize', /1 to 100/],
    [{ baseUrl: 'http://x', resource: '' }, 'resource', /1 to 256/],
    [{ baseUrl: 'http://x', since: 'yesterday' }, 'since', /ISO-8601/],
    [{ baseUrl: 'http://x', confidence: 2 }, 'confidence', /0 to 1/],
    [{ baseUrl: 'http://x', apikey: 'k' }, 'apikey', /is not an option of this plugin/],
  ])('refuses %j, naming %s', async (options, field, problem) => {
    const error = await optionsRefusal(oxideMirrorPlugin, options);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(problem);
    expect(error.message).toContain(`plugin 'fakeshop': option ${field}`);
  });
});
