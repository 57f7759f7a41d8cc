import {
  PluginOptionsError,
  Syncer,
  type SourcePluginContext,
  type SourceWait,
  type SyncSource,
} from '@oxide-mirror/core';
import { httpSourceOptionsSchema, oxideMirrorPlugin } from '@oxide-mirror/source-http';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { FakeApiServer } from './fake-api-server';
import { everythingStored, makeRecords, mirrorOf, rejectionOf, SECRET } from './harness';

let server: FakeApiServer;
let store: SqliteMirrorStore;
/** Every variable the plugin asked the host for. */
let asked: string[];

beforeEach(async () => {
  server = await FakeApiServer.start({ token: SECRET });
  store = await SqliteMirrorStore.inMemory();
  asked = [];
});

afterEach(async () => {
  await server.close();
  await store.close();
});

/** A host context whose environment holds only `env`, as the CLI gives one. */
function hostContext(env: Record<string, string> = { API_TOKEN: SECRET }): SourcePluginContext {
  return {
    id: 'crm',
    mirrored: store,
    baseDir: process.cwd(),
    secret: (name) => {
      asked.push(name);
      const value = env[name];
      if (value === undefined) throw new Error(`environment variable ${name} is not set`);
      return value;
    },
  };
}

/** Options as a config file would give them, for the fake API's `contacts` listing. */
function contactOptions(resource: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    baseUrl: server.url,
    headers: { Authorization: 'Bearer {env:API_TOKEN}' },
    retry: { maxAttempts: 1 },
    resources: [
      {
        name: 'contacts',
        path: '/contacts/all',
        idField: 'id',
        updatedAtField: 'updated_at',
        ...resource,
      },
    ],
  };
}

async function create(options: unknown, context = hostContext()): Promise<SyncSource> {
  return oxideMirrorPlugin.createSource(options, context);
}

describe('the source-http plugin entry', () => {
  it('is a source plugin named http', () => {
    expect(oxideMirrorPlugin).toMatchObject({ kind: 'source', name: 'http' });
  });

  it('names the field of an invalid option', async () => {
    const error = await rejectionOf(
      create(contactOptions({ path: '/contacts/offset', pagination: { kind: 'offset' } })),
    );
    expect(error).toBeInstanceOf(PluginOptionsError);
    expect(error).toMatchObject({
      code: 'INVALID_PLUGIN_OPTIONS',
      field: 'resources[0].pagination.limit',
    });
    expect(error.message).toBe("plugin 'http': option resources[0].pagination.limit is required");
  });

  it('refuses an id in the options: the host names the source', async () => {
    const error = await rejectionOf(create({ ...contactOptions(), id: 'other' }));
    expect(error).toMatchObject({ code: 'INVALID_PLUGIN_OPTIONS', field: 'id' });
  });

  it('exposes its options schema, which refuses misspelt keys', () => {
    expect(oxideMirrorPlugin.optionsSchema).toBe(httpSourceOptionsSchema);
    const result = httpSourceOptionsSchema.safeParse({ ...contactOptions(), headerz: {} });
    expect(result.success).toBe(false);
    expect(httpSourceOptionsSchema.safeParse(contactOptions()).success).toBe(true);
  });

  it("tells the host's onWait of a rate limit, so that progress can show it", async () => {
    server.put('contacts', ...makeRecords(3));
    server.fail({ kind: 'status', status: 429, retryAfter: '1' }, { times: 1 });
    const waits: SourceWait[] = [];
    const source = await create(
      { ...contactOptions(), retry: { maxAttempts: 2 } },
      { ...hostContext(), onWait: (wait) => waits.push(wait) },
    );
    await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source);
    expect(waits).toEqual([
      { ms: 1000, reason: 'rate-limited', detail: expect.stringMatching(/429/) },
    ]);
    expect(Object.keys(await mirrorOf(store, 'contacts'))).toHaveLength(3);
  });

  it('refuses options that are not an object', async () => {
    const error = await rejectionOf(create(['not', 'an', 'object']));
    expect(error).toMatchObject({ code: 'INVALID_PLUGIN_OPTIONS', field: '(options)' });
  });

  it('names the field and the variable when a secret is missing', async () => {
    const error = await rejectionOf(create(contactOptions(), hostContext({})));
    expect(error).toMatchObject({ code: 'INVALID_PLUGIN_OPTIONS', field: 'headers.Authorization' });
    expect(error.message).toContain('API_TOKEN');
    expect(asked).toEqual(['API_TOKEN']);
  });

  it('builds a source with the host id that syncs through a real store', async () => {
    server.put('contacts', ...makeRecords(3));
    const source = await create(contactOptions());
    expect(source.id).toBe('crm');

    const report = await new Syncer({ store, strategy: new LastWriteWins() }).syncWith(source);

    expect(report.applied).toBe(3);
    expect(await mirrorOf(store, 'contacts')).toEqual(server.data('contacts'));
    expect(asked).toEqual(['API_TOKEN']);
    expect(await everythingStored(store)).not.toContain(SECRET);
  });

  it("infers deletes from a snapshot through the host's store", async () => {
    server.put('contacts', ...makeRecords(4));
    const options = contactOptions({ deletes: { inferFromSnapshot: true } });
    const syncer = new Syncer({ store, strategy: new LastWriteWins() });
    await syncer.syncWith(await create(options));

    server.remove('contacts', 'r2', '2024-04-01T00:00:00.000Z');
    await syncer.syncWith(await create(options));

    expect(await store.getRecord('contacts', 'r2')).toBeUndefined();
    expect(await mirrorOf(store, 'contacts')).toEqual(server.data('contacts'));
  });
});
