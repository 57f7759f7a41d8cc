import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config';
import { parseSchedule } from '../src/serve/schedule';
import { makeTempDir, removeTempDir, writeConfig } from './cli-harness';

/** The JSON example of the CLI README's `serve` section. */
function readmeExample(): unknown {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## `serve`'));
  const block = /```json\n([\s\S]*?)```/.exec(section);
  if (block === null) throw new Error('no JSON example in the README serve section');
  return JSON.parse(block[1] as string);
}

describe('the serve config', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it("accepts the README's example as it is, with every schedule readable", () => {
    const { config } = loadConfig(writeConfig(dir, readmeExample()));
    expect(config.serve).toEqual({
      host: '127.0.0.1',
      port: 8787,
      jitterMs: 1000,
      backoff: { initialMs: 30000, maxMs: 3600000 },
      mcp: { token: { $env: 'MIRROR_MCP_TOKEN' } },
    });
    expect(config.sources.crm?.webhook).toEqual({
      secret: { $env: 'CRM_WEBHOOK_SECRET' },
      header: 'X-Hub-Signature-256',
    });
    expect(config.sources.orders?.follow).toBe(true);
    for (const source of Object.values(config.sources)) {
      if (source.follow === true) continue;
      expect(() => parseSchedule(source.schedule as string)).not.toThrow();
    }
  });

  it('refuses a schedule or a webhook on a followed source, and a follow that is not a boolean', () => {
    const example = readmeExample() as { sources: Record<string, Record<string, unknown>> };
    example.sources.orders = {
      ...example.sources.orders,
      schedule: 'every 5m',
      webhook: { secret: { $env: 'ORDERS_WEBHOOK_SECRET' } },
    };
    example.sources.billing = { ...example.sources.billing, follow: 'yes' };
    const file = writeConfig(dir, example);
    const remove = (key: string): RegExp =>
      new RegExp(
        `sources\\.orders\\.${key}: a source with "follow": true streams continuously under serve: remove "${key}"`,
      );
    expect(() => loadConfig(file)).toThrow(remove('schedule'));
    expect(() => loadConfig(file)).toThrow(remove('webhook'));
    expect(() => loadConfig(file)).toThrow(
      /sources\.billing\.follow: Invalid input: expected boolean/,
    );
  });

  it('refuses misspelt keys and a secret written into the file', () => {
    const example = readmeExample() as {
      serve: Record<string, unknown>;
      sources: Record<string, Record<string, unknown>>;
    };
    example.serve.backoff = { initialMs: 1000, maximumMs: 5000 };
    example.sources.crm = { ...example.sources.crm, webhook: { secret: 'plain-text' } };
    example.sources.billing = { ...example.sources.billing, shedule: 'every 5m' };
    const file = writeConfig(dir, example);
    expect(() => loadConfig(file)).toThrow(/serve\.backoff: unknown key "maximumMs"/);
    expect(() => loadConfig(file)).toThrow(
      /sources\.crm\.webhook\.secret: must be \{ "\$env": "VARIABLE" \}/,
    );
    expect(() => loadConfig(file)).toThrow(/sources\.billing: unknown key "shedule"/);
  });
});
