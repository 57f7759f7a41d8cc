import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { json, makeTempDir, peopleConfig, removeTempDir, runCli, writeConfig } from './cli-harness';

// Every test runs the built binary in child processes.
jest.setTimeout(120_000);

describe('oxide-mirror check', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('previews the first page of every source and creates no mirror', () => {
    writeConfig(dir, peopleConfig());
    const result = runCli(['check'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(not created yet: a sync starts from scratch)');
    expect(result.stdout).toContain(
      'source crm (@oxide-mirror/source-static)\n  first page (from the start): 2 deltas, more pages follow\n' +
        '  contacts: a sync would apply 2 and skip 0 of 2\n',
    );
    expect(result.stdout).toContain('check passed; nothing was written');
    expect(existsSync(join(dir, 'mirror.db'))).toBe(false);
  });

  it('judges the page against the mirror as it is, and leaves it untouched', () => {
    const config = peopleConfig();
    config.strategy = 'keep-local';
    writeConfig(dir, config);
    expect(runCli(['sync'], dir).code).toBe(0);
    const events = () =>
      json(runCli(['query', 'SELECT count(*) AS n FROM mirror_events', '--json'], dir));
    const before = events();
    // Point the cursor back at the start so the first page is the records already mirrored.
    expect(runCli(['cursor', 'reset', 'crm'], dir).code).toBe(0);
    const result = runCli(['check', '--json'], dir);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      sources: { source: string; firstPage: unknown }[];
    };
    expect(report.sources.find((entry) => entry.source === 'crm')?.firstPage).toEqual({
      deltas: 2,
      hasMore: true,
      resources: { contacts: { deltas: 2, apply: 0, skip: 2, reject: 0 } },
    });
    expect(events()).toEqual(before);
  });

  it('counts a record a sync would set aside as a reject', () => {
    writeConfig(dir, {
      sources: {
        crm: {
          use: '@oxide-mirror/source-static',
          options: { deltas: [{ resource: 'contacts', op: 'upsert' }] },
        },
      },
    });
    const result = runCli(['check'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '  contacts: a sync would apply 0 and skip 0 of 1, and set aside 1 as rejects',
    );
  });

  it('fails, naming the source, when its first page would be refused (onInvalid fail)', () => {
    writeConfig(dir, {
      sources: {
        crm: {
          use: '@oxide-mirror/source-static',
          options: { deltas: [{ resource: 'contacts', op: 'upsert' }] },
          onInvalid: 'fail',
        },
      },
    });
    const result = runCli(['check'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '  FAILED: a sync would refuse the first page: delta #1: invalid delta: recordId',
    );
    expect(result.stderr).toBe('oxide-mirror: check failed: crm\n');
  });

  it('refuses bad plugin options before pulling anything', () => {
    writeConfig(dir, {
      sources: { crm: { use: '@oxide-mirror/source-static', options: { deltas: [], pages: [] } } },
    });
    const result = runCli(['check'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `  FAILED: sources.crm.options: invalid options for '@oxide-mirror/source-static': ` +
        `plugin 'static': option (options) needs exactly one of "pages" and "deltas"`,
    );
    expect(existsSync(join(dir, 'mirror.db'))).toBe(false);
  });
});
