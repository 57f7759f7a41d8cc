import type { ScaffoldNames } from './scaffold-names';

/** The options a new source's README shows. */
export const SOURCE_OPTIONS_EXAMPLE =
  '{ "baseUrl": "https://api.example.com/", "apiKeyEnv": "EXAMPLE_API_KEY" }';

/**
 * The files of a new source package: a source for a JSON API that lists items changed after a
 * cursor, its options schema and plugin entry, and tests that run it against a real HTTP server
 * on loopback through the kit's source contract.
 */
export function sourceFiles(names: ScaffoldNames): Record<string, string> {
  const { name, className, classFile } = names;
  const optionsType = `${className}Options`;
  return {
    'src/index.ts': `export { ${className} } from './${classFile}';
export { optionsSchema, type ${optionsType} } from './options';
export { oxideMirrorPlugin } from './plugin';
`,
    'src/options.ts': `import { z } from 'zod';

/** The options a config gives the source: one schema for their type, checks and docs. */
export const optionsSchema = z.strictObject({
  baseUrl: z.url({ protocol: /^https?$/ }).describe('Base URL of the API, ending in "/".'),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must name an environment variable')
    .optional()
    .describe('Environment variable holding the API key; none is sent when absent.'),
  resource: z.string().min(1).default('${name.replace(/-/g, '_')}_items').describe('Resource the items are mirrored as.'),
  pageSize: z.int().min(1).max(1000).default(100).describe('Items per request.'),
});

/** The source's options, once checked. */
export type ${optionsType} = z.output<typeof optionsSchema>;
`,
    'src/plugin.ts': `import { defineSourcePlugin } from '@oxide-mirror/core';
import { ${className} } from './${classFile}';
import { optionsSchema } from './options';

/** The entry oxide-mirror loads by package name; it checks the options with the schema first. */
export const oxideMirrorPlugin = defineSourcePlugin({
  name: '${name}',
  options: optionsSchema,
  createSource: ({ apiKeyEnv, ...options }, context) =>
    new ${className}(context.id, options, apiKeyEnv === undefined ? undefined : context.secret(apiKeyEnv)),
});
`,
    [`src/${classFile}.ts`]: `import {
  Delta,
  SourceProtocolError,
  type JsonObject,
  type PullContext,
  type PullResult,
  type SyncSource,
} from '@oxide-mirror/core';
import type { ${optionsType} } from './options';

/** One item as the API lists it: an id, when it last changed, whether it was deleted, its fields. */
interface ApiItem {
  id: string;
  updatedAt: string;
  deleted?: boolean;
  [field: string]: unknown;
}

/** Where a sync resumes: after the last item seen, in (updatedAt, id) order. */
interface Cursor {
  updatedAt: string;
  id: string;
}

/**
 * Mirrors an API that lists items in (updatedAt, id) order: GET items?limit=N, then
 * items?limit=N&afterUpdatedAt=T&afterId=I. All progress is in the cursor, so a restarted sync
 * resumes where the last page committed; deltas are built from the items alone, so a page
 * delivered twice is recognised; ids break ties, so items sharing a time are never lost.
 */
export class ${className} implements SyncSource {
  constructor(
    readonly id: string,
    private readonly options: Omit<${optionsType}, 'apiKeyEnv'>,
    private readonly apiKey?: string,
  ) {}

  /** The page after \`cursor\`; a failed request rejects, so the engine keeps the cursor. */
  async pull(cursor: string | undefined, context?: PullContext): Promise<PullResult> {
    const url = new URL('items', this.options.baseUrl);
    url.searchParams.set('limit', String(this.options.pageSize));
    const after = this.decode(cursor);
    if (after !== undefined) {
      url.searchParams.set('afterUpdatedAt', after.updatedAt);
      url.searchParams.set('afterId', after.id);
    }
    const headers: Record<string, string> =
      this.apiKey === undefined ? {} : { authorization: 'Bearer ' + this.apiKey };
    const response = await fetch(url, { headers, signal: context?.signal });
    if (!response.ok) throw new Error('GET ' + url.pathname + ' answered ' + response.status);
    const { items } = (await response.json()) as { items: ApiItem[] };
    const last = items.at(-1);
    return {
      deltas: items.map((item) => this.toDelta(item)),
      nextCursor: last === undefined ? cursor : JSON.stringify({ updatedAt: last.updatedAt, id: last.id }),
      hasMore: items.length === this.options.pageSize,
    };
  }

  private toDelta({ id, updatedAt, deleted, ...fields }: ApiItem): Delta {
    const at = { occurredAt: updatedAt };
    if (deleted === true) return Delta.delete(this.options.resource, id, this.id, at);
    return Delta.upsert(this.options.resource, id, fields as JsonObject, this.id, at);
  }

  /** A cursor this source wrote; anything else is refused rather than silently restarting. */
  private decode(cursor: string | undefined): Cursor | undefined {
    if (cursor === undefined) return undefined;
    try {
      const parsed = JSON.parse(cursor) as Partial<Cursor>;
      if (typeof parsed.updatedAt === 'string' && typeof parsed.id === 'string') {
        return { updatedAt: parsed.updatedAt, id: parsed.id };
      }
    } catch {
      // Not JSON: refused below like any other cursor this source did not write.
    }
    throw new SourceProtocolError(this.id, 'got a cursor it did not write: ' + cursor);
  }
}
`,
    'test/fake-api.ts': `import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An item as the fake API stores it. */
export interface FakeItem {
  id: string;
  updatedAt: string;
  deleted?: boolean;
  [field: string]: unknown;
}

/** The API the source talks to, served on loopback, that tests fill, change and break. */
export class FakeApi {
  private readonly items = new Map<string, FakeItem>();
  private pullsLeft = Infinity;

  private constructor(private readonly server: Server, readonly url: string) {}

  /** Starts the API on a free loopback port. */
  static async start(): Promise<FakeApi> {
    let api: FakeApi | undefined;
    const server = createServer((request, response) => {
      const answer = api?.answer(new URL(request.url ?? '/', 'http://localhost'));
      response.writeHead(answer?.status ?? 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer?.body ?? {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    api = new FakeApi(server, 'http://127.0.0.1:' + port + '/');
    return api;
  }

  /** Creates items, or replaces those with the same id. */
  put(items: readonly FakeItem[]): void {
    for (const item of items) this.items.set(item.id, { ...item });
  }

  /** Marks an item deleted at time \`at\`, as the API reports deletes. */
  remove(id: string, at: string): void {
    this.items.set(id, { id, updatedAt: at, deleted: true });
  }

  /** Lets \`pulls\` more requests succeed, then fails every request until {@link recover}. */
  failAfter(pulls: number): void {
    this.pullsLeft = pulls;
  }

  /** Ends the failures. */
  recover(): void {
    this.pullsLeft = Infinity;
  }

  /** Stops the server. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private answer(url: URL): { status: number; body: unknown } {
    if (this.pullsLeft <= 0) return { status: 503, body: { error: 'unavailable' } };
    this.pullsLeft -= 1;
    const limit = Number(url.searchParams.get('limit') ?? '100');
    const afterKey = [url.searchParams.get('afterUpdatedAt') ?? '', url.searchParams.get('afterId') ?? ''];
    const items = [...this.items.values()]
      .filter((item) => compareKeys([item.updatedAt, item.id], afterKey) > 0)
      .sort((a, b) => compareKeys([a.updatedAt, a.id], [b.updatedAt, b.id]))
      .slice(0, limit);
    return { status: 200, body: { items } };
  }
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  const [aTime = '', aId = ''] = a;
  const [bTime = '', bId = ''] = b;
  if (aTime !== bTime) return aTime < bTime ? -1 : 1;
  return aId === bId ? 0 : aId < bId ? -1 : 1;
}
`,
    'test/contract.test.ts': `import { runSourceContract, type SourceBackend } from '@oxide-mirror/testing';
import { ${className} } from '../src/${classFile}';
import { FakeApi } from './fake-api';

const RESOURCE = 'contract_items';

/** The kit's upstream, served by the fake API, and the source reading it. */
async function fakeApiBackend(): Promise<SourceBackend> {
  const api = await FakeApi.start();
  const pageSize = 3;
  return {
    pageSize,
    createSource: () => new ${className}('${name}', { baseUrl: api.url, resource: RESOURCE, pageSize }),
    put: (records) => api.put(records.map((record) => ({ ...record }))),
    remove: (id, at) => api.remove(id, at),
    failAfter: (pulls) => api.failAfter(pulls),
    recover: () => api.recover(),
    expectedRecord: (record) => ({
      resource: RESOURCE,
      recordId: record.id,
      payload: { name: record.name, value: record.value },
    }),
    close: () => api.close(),
  };
}

// The suite declares its own tests: call it at the top level of the file, never inside a test.
runSourceContract('${className}', { createBackend: fakeApiBackend });
`,
    'test/plugin.test.ts': `import { parsePluginOptions } from '@oxide-mirror/core';
import { optionsRefusal } from '@oxide-mirror/testing';
import { oxideMirrorPlugin } from '../src/plugin';

describe('the ${name} plugin', () => {
  it('fills in defaults', async () => {
    await expect(parsePluginOptions(oxideMirrorPlugin, { baseUrl: 'https://api.example.com/' })).resolves.toEqual({
      baseUrl: 'https://api.example.com/',
      resource: '${name.replace(/-/g, '_')}_items',
      pageSize: 100,
    });
  });

  it('refuses a misspelt option, naming it', async () => {
    const refusal = await optionsRefusal(oxideMirrorPlugin, { baseUrl: 'https://api.example.com/', pagesize: 5 });
    expect(refusal.message).toContain('pagesize');
  });
});
`,
  };
}
