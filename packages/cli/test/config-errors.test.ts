import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  json,
  makeTempDir,
  peopleConfig,
  removeTempDir,
  runCli,
  staticSource,
  upsert,
  writeConfig,
} from './cli-harness';

// Every test runs the built binary in child processes; on a busy two-core machine a handful of
// runs can take longer than jest's default five seconds.
jest.setTimeout(120_000);

/** A source plugin as a third party would write it, in plain CommonJS next to the config. */
const TOKEN_SOURCE_PLUGIN = `
exports.oxideMirrorPlugin = {
  kind: 'source',
  name: 'token-source',
  createSource(options, context) {
    if (options.token !== 'open-sesame') throw new Error('rejected token ' + options.token);
    const header = context.secret('EXTRA_HEADER');
    return {
      id: context.id,
      async pull() {
        return {
          hasMore: false,
          deltas: [{
            resource: 'vault', recordId: 'v1', op: 'upsert',
            payload: { headerLength: header.length },
            occurredAt: '2024-01-01T00:00:00.000Z',
            provenance: { source: context.id, confidence: 1 },
          }],
        };
      },
    };
  },
};
`;

describe('config errors', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('reports a missing config file with exit 1', () => {
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `oxide-mirror: config file not found: ${join(dir, 'oxide-mirror.config.json')}`,
    );
  });

  it('reports a missing --config file by its path', () => {
    const result = runCli(['--config', 'nope.json', 'sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`config file not found: ${join(dir, 'nope.json')}`);
  });

  it('reports malformed JSON with the line and column', () => {
    writeConfig(dir, '{\n  "database": "m.db",\n  "sources": {,}\n}\n');
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /config file .*oxide-mirror\.config\.json is not valid JSON \(line 3, column 15\)/,
    );
    expect(existsSync(join(dir, 'm.db'))).toBe(false);
  });

  it('names each invalid field by its path', () => {
    writeConfig(dir, {
      databse: 'm.db',
      strategy: 42,
      sources: { crm: { options: {} }, 'bad id': { use: 'x' } },
    });
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('invalid config');
    expect(result.stderr).toContain('  (top level): unknown key "databse"');
    expect(result.stderr).toContain('  strategy: must be a strategy name ("last-write-wins"');
    expect(result.stderr).toContain(
      '  sources.crm.use: must be the package name or relative path of a source plugin',
    );
    expect(result.stderr).toContain(
      '  sources["bad id"]: invalid key: source ids are 1–100 letters',
    );
  });

  it('names an unknown plugin and the field that uses it', () => {
    writeConfig(dir, { sources: { crm: { use: '@acme/oxide-mirror-source-nothing' } } });
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "oxide-mirror: sources.crm.use: plugin '@acme/oxide-mirror-source-nothing' not found: no package of that name is installed",
    );
    expect(existsSync(join(dir, 'mirror.db'))).toBe(false);
  });

  it('names a relative plugin path that does not exist', () => {
    writeConfig(dir, { sources: { crm: { use: './plugins/crm.js' } } });
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `sources.crm.use: plugin './plugins/crm.js' not found: no module at ${join(dir, 'plugins/crm.js')}`,
    );
  });

  it('names a plugin of the wrong kind', () => {
    writeConfig(dir, { sources: { crm: { use: '@oxide-mirror/strategy-keep-local' } } });
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "sources.crm.use: '@oxide-mirror/strategy-keep-local' is a strategy plugin, but a source plugin is needed here",
    );
  });

  it('names a module that is not a plugin', () => {
    writeFileSync(join(dir, 'plain.js'), 'exports.hello = 1;\n');
    writeConfig(dir, { sources: { crm: { use: './plain.js' } } });
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "sources.crm.use: './plain.js' is not an oxide-mirror plugin: it does not export oxideMirrorPlugin",
    );
  });

  it('names a plugin that fails to load', () => {
    writeFileSync(join(dir, 'broken.js'), 'throw new Error("boom at load");\n');
    writeConfig(dir, { sources: { crm: { use: './broken.js' } } });
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "sources.crm.use: plugin './broken.js' failed to load: boom at load",
    );
  });

  it('names the source and plugin when options are invalid', () => {
    writeConfig(dir, {
      sources: { crm: { use: '@oxide-mirror/source-static', options: { page: [] } } },
    });
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "oxide-mirror: sources.crm.options: invalid options for '@oxide-mirror/source-static': " +
        `plugin 'static': option page is not an option of this plugin; ` +
        `option (options) needs exactly one of "pages" and "deltas"\n`,
    );
    expect(existsSync(join(dir, 'mirror.db'))).toBe(false);
  });

  it('names the field of an invalid source-http option', () => {
    writeConfig(dir, {
      sources: {
        crm: {
          use: '@oxide-mirror/source-http',
          options: {
            baseUrl: 'http://127.0.0.1:9',
            resources: [
              {
                name: 'crm_contacts',
                path: '/contacts',
                idField: 'id',
                pagination: { kind: 'offset' },
              },
            ],
          },
        },
      },
    });
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "oxide-mirror: sources.crm.options: invalid options for '@oxide-mirror/source-http': " +
        "plugin 'http': option resources[0].pagination.limit is required\n",
    );
  });

  it('names an unknown strategy and lists the first-party ones', () => {
    const config = peopleConfig();
    config.strategy = 'newest-wins';
    writeConfig(dir, config);
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("oxide-mirror: strategy: plugin 'newest-wins' not found");
    expect(result.stderr).toContain(
      'first-party strategies are last-write-wins, highest-confidence, keep-local, merge-json',
    );
  });

  it('names the field of a bad per-resource strategy', () => {
    const config = peopleConfig();
    config.resources = { invoices: { strategy: 'keep-locals' } };
    writeConfig(dir, config);
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("resources.invoices.strategy: plugin 'keep-locals' not found");
  });

  it('names a missing environment secret and its field', () => {
    writeConfig(dir, {
      sources: {
        crm: {
          use: '@oxide-mirror/source-static',
          options: { pages: [], token: { $env: 'NOPE' } },
        },
      },
    });
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'oxide-mirror: sources.crm.options.token: environment variable NOPE is not set\n',
    );
    expect(existsSync(join(dir, 'mirror.db'))).toBe(false);
  });

  it('gives a relative-path plugin its secrets from the environment and never prints them', () => {
    writeFileSync(join(dir, 'token-source.js'), TOKEN_SOURCE_PLUGIN);
    writeConfig(dir, {
      sources: { vault: { use: './token-source.js', options: { token: { $env: 'VAULT_TOKEN' } } } },
    });
    const ok = runCli(['sync', '--json'], dir, {
      VAULT_TOKEN: 'open-sesame',
      EXTRA_HEADER: 'abcd',
    });
    expect(ok.stderr).toBe('');
    expect(json(ok)).toMatchObject({ outcome: 'ok', runs: [{ source: 'vault', applied: 1 }] });

    const missing = runCli(['sync'], dir, { VAULT_TOKEN: 'open-sesame' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('sources.vault: environment variable EXTRA_HEADER is not set');

    const wrong = runCli(['sync'], dir, { VAULT_TOKEN: 'wrong-token-value', EXTRA_HEADER: 'abcd' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(
      "oxide-mirror: sources.vault.options: plugin './token-source.js' failed: rejected token ***\n",
    );
  });

  it('resolves the database and plugins from the config file folder, not the working directory', () => {
    const elsewhere = makeTempDir();
    try {
      writeConfig(dir, {
        database: 'data/../here.db',
        sources: { crm: staticSource([[upsert('a', '1', {}, 'crm', '2024-01-01T00:00:00.000Z')]]) },
      });
      const result = runCli(['--config', join(dir, 'oxide-mirror.config.json'), 'sync'], elsewhere);
      expect(result.code).toBe(0);
      expect(existsSync(join(dir, 'here.db'))).toBe(true);
    } finally {
      removeTempDir(elsewhere);
    }
  });
});

describe('usage', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('prints help that lists every command and the exit codes', () => {
    const result = runCli(['--help'], dir);
    expect(result.code).toBe(0);
    for (const command of [
      'sync',
      'query',
      'resources',
      'describe',
      'history',
      'events',
      'rebuild',
      'status',
      'cursor',
      'demo',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    expect(result.stdout).toContain('Exit codes:');
    expect(result.stdout).toMatch(/^ {2}3 +partial sync/m);
  });

  it('exits 2 for an unknown command or option', () => {
    expect(runCli(['snyc'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('(Did you mean sync?)'),
    });
    expect(runCli(['query', 'SELECT 1', '--xml'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("unknown option '--xml'"),
    });
  });
});
