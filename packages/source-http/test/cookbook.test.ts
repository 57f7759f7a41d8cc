import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SyncFailedError, Syncer, type Clock } from '@oxide-mirror/core';
import { HttpSource, knownRecordIdsFrom, type HttpSourceOptions } from '@oxide-mirror/source-http';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import type { CookbookApi } from './cookbook/cookbook-api';
import { GitHubApi } from './cookbook/github-api';
import { HubSpotApi } from './cookbook/hubspot-api';
import { JiraApi } from './cookbook/jira-api';
import { ShopifyApi } from './cookbook/shopify-api';
import { StripeApi } from './cookbook/stripe-api';
import { ZendeskApi } from './cookbook/zendesk-api';
import { FakeTime } from './fake-time';
import { duplicateEvents, mirrorOf, rejectionOf } from './harness';

const TOKEN = 'cookbook-token-8Vq2';
const PAGE_SIZE = 3;
const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

type ApiClass = new (clock: Clock, token: string, pageSize: number) => CookbookApi;

const APIS: [string, ApiClass][] = [
  ['github', GitHubApi],
  ['stripe', StripeApi],
  ['zendesk', ZendeskApi],
  ['hubspot', HubSpotApi],
  ['jira', JiraApi],
  ['shopify', ShopifyApi],
];

/** The config the README's cookbook gives for `name`, exactly as printed. */
function cookbookConfig(name: string): HttpSourceOptions {
  const marker = README.indexOf(`<!-- cookbook:${name} -->`);
  expect(marker).toBeGreaterThan(-1);
  const start = README.indexOf('```json\n', marker) + '```json\n'.length;
  return JSON.parse(README.slice(start, README.indexOf('```', start))) as HttpSourceOptions;
}

/** Every environment variable the config names, all set to the fake API's token. */
function envFor(options: HttpSourceOptions): Record<string, string> {
  const names = [
    ...JSON.stringify(options).matchAll(/\{env:([A-Za-z_][A-Za-z0-9_]*)\}|"\$env":"([^"]+)"/g),
  ];
  return Object.fromEntries(names.map((match) => [match[1] ?? match[2], TOKEN]));
}

/** A page index in [1, pages) that stays the same from run to run for one style. */
function pageToFail(name: string, pages: number): number {
  const hash = [...name].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) % 9973, 7);
  return 1 + (hash % Math.max(1, pages - 1));
}

describe.each(APIS)('the cookbook config for %s', (name, Api) => {
  let time: FakeTime;
  let api: CookbookApi;
  let store: SqliteMirrorStore;
  let syncer: Syncer;

  beforeEach(async () => {
    time = new FakeTime();
    api = await new Api(time.clock, TOKEN, PAGE_SIZE).start();
    api.add(11);
    store = await SqliteMirrorStore.inMemory();
    syncer = new Syncer({ store, strategy: new LastWriteWins() });
  });

  afterEach(async () => {
    await api.close();
    await store.close();
  });

  function source(): HttpSource {
    const options = cookbookConfig(name);
    return new HttpSource(
      { ...options, id: name, baseUrl: api.url },
      {
        env: envFor(options),
        clock: time.clock,
        sleep: time.sleep,
        random: () => 0.5,
        knownRecordIds: knownRecordIdsFrom(store),
      },
    );
  }

  async function expectMirrorEqualsApi(): Promise<void> {
    expect(await mirrorOf(store, api.resource)).toEqual(api.expected());
    expect(await duplicateEvents(store)).toEqual([]);
  }

  it('mirrors the API, then fetches only what changed where the API allows it', async () => {
    await syncer.syncWith(source());
    await expectMirrorEqualsApi();

    time.advance(60_000);
    api.edit(2);
    api.edit(9);
    api.add(2);
    if (api.showsDeletes) api.remove(5);
    api.resetCounts();
    await syncer.syncWith(source());
    await expectMirrorEqualsApi();
    // The changed records, plus those read again at inclusive bounds (Zendesk starts each page
    // at the previous page's last time): far fewer than the 13 or 14 records the API holds.
    const changed = api.showsDeletes ? 5 : 4;
    if (api.incremental) expect(api.served).toBeLessThanOrEqual(2 * changed);

    api.resetCounts();
    const idle = await syncer.syncWith(source());
    expect(idle.applied).toBe(0);
    if (api.incremental) expect(api.served).toBeLessThanOrEqual(PAGE_SIZE);
    // GitHub revalidates the first page with its ETag: asked again for the same bound, an
    // unchanged listing answers 304 and serves nothing.
    if (api instanceof GitHubApi) {
      api.resetCounts();
      await syncer.syncWith(source());
      expect(api).toMatchObject({ notModified: 1, served: 0 });
    }
    await expectMirrorEqualsApi();
  });

  it('resumes a sync interrupted at a page, exactly', async () => {
    await syncer.syncWith(source());
    const pages = api.requests;
    await store.close();
    store = await SqliteMirrorStore.inMemory();
    syncer = new Syncer({ store, strategy: new LastWriteWins() });

    api.resetCounts();
    api.failRequest(pageToFail(name, pages));
    const failure = await rejectionOf(syncer.syncWith(source()));
    expect(failure).toBeInstanceOf(SyncFailedError);
    expect((failure as SyncFailedError).report.pages).toBeGreaterThan(0);

    await syncer.syncWith(source());
    await expectMirrorEqualsApi();
  });
});
