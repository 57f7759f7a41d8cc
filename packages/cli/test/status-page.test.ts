import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { makeTempDir, removeTempDir, writeConfig } from './cli-harness';
import {
  pagedSource,
  runCliAsync,
  startPagedApi,
  startServe,
  stopServe,
  type PagedApi,
  type ServeProcess,
} from './serve-harness';

/** Debian's chromium package; `.ci/run` installs it when missing. */
const CHROMIUM = '/usr/bin/chromium';
/** Flags that keep a headless Chromium off the network and out of the user's profile. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && process.env.CI !== 'true') {
  console.warn(`status page test skipped: no ${CHROMIUM} (apt-get install -y chromium)`);
}

describe('the serve status page', () => {
  let dir: string;
  let profile: string;
  let api: PagedApi;
  let serve: ServeProcess | undefined;
  let browser: BrowserContext | undefined;

  beforeEach(async () => {
    dir = makeTempDir();
    profile = mkdtempSync(join(tmpdir(), 'oxide-mirror-chromium-'));
    api = await startPagedApi(12, 4, [5]);
  });
  afterEach(async () => {
    await browser?.close();
    await stopServe(serve);
    await api.close();
    removeTempDir(dir);
    rmSync(profile, { recursive: true, force: true });
  });

  (haveBrowser || process.env.CI === 'true' ? it : it.skip)(
    'renders the sources, their schedules, runs, freshness and rejects in Chromium',
    async () => {
      if (!haveBrowser) throw new Error(`CI needs ${CHROMIUM}: apt-get install -y chromium`);
      writeConfig(dir, {
        database: 'mirror.db',
        serve: { port: 0, jitterMs: 0 },
        sources: {
          items: pagedSource(api, { schedule: 'every 6h' }),
          archive: pagedSource(api),
        },
      });
      expect((await runCliAsync(['sync', 'archive'], dir)).code).toBe(0);
      serve = await startServe(dir);
      await serve.waitForStderr(/items ok in/);

      // A fresh profile per run, so nothing of an earlier browser session leaks in.
      browser = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
      });
      const page = await browser.newPage();
      const response = await page.goto(serve.url);
      expect(response?.status()).toBe(200);
      expect(await page.title()).toBe('oxide-mirror status');

      const cells = (selector: string): Promise<string[][]> =>
        page.$$eval(selector, (rows) =>
          rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')),
        );
      const sources = await cells('#sources tbody tr');
      expect(sources.map((row) => row.slice(0, 3))).toEqual([
        ['items', 'every 6h', 'idle'],
        ['archive', 'on request only', 'idle'],
      ]);
      const [items, archive] = sources;
      expect(items?.[3]).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(items?.[4]).toBe('ok');
      expect(items?.[5]).toMatch(/^\d+ s ago$/);
      expect(items?.[7]).toBe('1');
      expect(archive?.[3]).toBe('—');
      expect(archive?.[7]).toBe('1');

      const runs = await cells('#runs tbody tr');
      expect(runs.map((row) => [row[1], row[3], row[5], row[6], row[7]])).toEqual([
        ['items', 'ok', '3', '11', '1'],
        ['archive', 'ok', '3', '11', '1'],
      ]);
      for (const row of runs) expect(row[4]).toMatch(/^(\d+ ms|\d+\.\d s)$/);
    },
    60_000,
  );
});
