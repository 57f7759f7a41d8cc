import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { json, makeTempDir, peopleConfig, removeTempDir, runCli, writeConfig } from './cli-harness';

// Every test runs the built binary in child processes; on a busy two-core machine a handful of
// runs can take longer than jest's default five seconds.
jest.setTimeout(120_000);

/** A strategy that keeps the first version of every record, written as a third party would. */
const KEEP_FIRST = `
  kind: 'strategy',
  name: 'keep-first',
  createStrategy: (options) => ({
    name: 'keep-first' + (options && options.suffix ? '-' + options.suffix : ''),
    resolve: (existing) => (existing && !existing.deleted ? { kind: 'skip' } : { kind: 'apply' }),
  }),
`;

const ADA_SQL =
  "SELECT json_extract(payload, '$.name') AS name FROM mirror_records WHERE record_id = 'c1'";

/** Installs a package into `dir/node_modules` the way npm would lay it out. */
function installPackage(
  dir: string,
  name: string,
  files: Record<string, string>,
  type?: string,
  fields: Record<string, unknown> = {},
): void {
  const root = join(dir, 'node_modules', ...name.split('/'));
  mkdirSync(root, { recursive: true });
  const manifest = {
    name,
    version: '1.0.0',
    main: 'index.js',
    ...(type ? { type } : {}),
    ...fields,
  };
  writeFileSync(join(root, 'package.json'), JSON.stringify(manifest));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(root, file), text);
}

describe('plugin loading', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('loads a strategy package installed next to the config, by its name, with options', () => {
    installPackage(dir, '@acme/strategy-keep-first', {
      'index.js': `exports.oxideMirrorPlugin = {${KEEP_FIRST}};\n`,
    });
    const config = peopleConfig();
    config.strategy = { use: '@acme/strategy-keep-first', options: { suffix: 'v2' } };
    writeConfig(dir, config);
    expect(runCli(['sync'], dir).code).toBe(0);
    expect(json(runCli(['query', ADA_SQL, '--json'], dir))).toEqual([{ name: 'Ada' }]);
    expect(runCli(['rebuild'], dir).stdout).toContain('with keep-first-v2:');
  });

  it('loads an ES module plugin package', () => {
    installPackage(
      dir,
      'esm-keep-first',
      { 'index.js': `export const oxideMirrorPlugin = {${KEEP_FIRST}};\n` },
      'module',
    );
    const config = peopleConfig();
    config.sources = {
      crm: { ...(config.sources as Record<string, object>).crm, strategy: 'esm-keep-first' },
    };
    writeConfig(dir, config);
    expect(runCli(['sync'], dir).code).toBe(0);
    expect(json(runCli(['query', ADA_SQL, '--json'], dir))).toEqual([{ name: 'Ada' }]);
  });

  it('loads a plugin from a relative path, resolved from the config folder', () => {
    mkdirSync(join(dir, 'conf', 'plugins'), { recursive: true });
    writeFileSync(
      join(dir, 'conf', 'plugins', 'keep-first.mjs'),
      `export const oxideMirrorPlugin = {${KEEP_FIRST}};\n`,
    );
    const config = peopleConfig();
    config.resources = { contacts: { strategy: './plugins/keep-first.mjs' } };
    writeConfig(join(dir, 'conf'), config);
    const result = runCli(['--config', 'conf/oxide-mirror.config.json', 'sync'], dir);
    expect(result.stderr).toBe('');
    expect(
      json(runCli(['--config', 'conf/oxide-mirror.config.json', 'query', ADA_SQL, '--json'], dir)),
    ).toEqual([{ name: 'Ada' }]);
  });

  it('names the plugin when its factory rejects the options', () => {
    installPackage(dir, 'picky-strategy', {
      'index.js': `exports.oxideMirrorPlugin = { kind: 'strategy', name: 'picky', createStrategy(options) {
        const error = new Error("plugin 'picky': option level must be 1, 2 or 3");
        error.code = 'INVALID_PLUGIN_OPTIONS';
        throw error;
      } };\n`,
    });
    const config = peopleConfig();
    config.strategy = { use: 'picky-strategy', options: { level: 9 } };
    writeConfig(dir, config);
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "oxide-mirror: strategy: invalid options for 'picky-strategy': plugin 'picky': option level must be 1, 2 or 3\n",
    );
  });

  it('loads an ES-module-only package through its exports "import" condition', () => {
    installPackage(
      dir,
      '@acme/esm-only-keep-first',
      { 'plugin.mjs': `export const oxideMirrorPlugin = {${KEEP_FIRST}};\n` },
      undefined,
      { main: undefined, exports: { '.': { import: './plugin.mjs' } } },
    );
    const config = peopleConfig();
    config.strategy = { use: '@acme/esm-only-keep-first', options: { suffix: 'esm' } };
    writeConfig(dir, config);
    const result = runCli(['sync'], dir);
    expect(result.stderr).toBe('');
    expect(runCli(['rebuild'], dir).stdout).toContain('with keep-first-esm:');
  });

  it('prefers the "import" entry of a package that exports both', () => {
    const entry = (suffix: string) =>
      `{${KEEP_FIRST.replace("name: 'keep-first' +", `name: 'keep-first-${suffix}' +`)}}`;
    installPackage(
      dir,
      'dual-keep-first',
      {
        'esm.mjs': `export const oxideMirrorPlugin = ${entry('esm')};\n`,
        'cjs.js': `exports.oxideMirrorPlugin = ${entry('cjs')};\n`,
      },
      undefined,
      { exports: { '.': { import: './esm.mjs', require: './cjs.js' } } },
    );
    const config = peopleConfig();
    config.strategy = 'dual-keep-first';
    writeConfig(dir, config);
    expect(runCli(['sync'], dir).code).toBe(0);
    expect(runCli(['rebuild'], dir).stdout).toContain('with keep-first-esm:');
  });

  it('names the config field when a package exports no entry for import or require', () => {
    installPackage(dir, 'no-entry', { 'x.js': '' }, undefined, {
      exports: { './other': './x.js' },
    });
    const config = peopleConfig();
    config.resources = { contacts: { strategy: 'no-entry' } };
    writeConfig(dir, config);
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^oxide-mirror: resources\.contacts\.strategy: plugin 'no-entry' cannot be loaded: package no-entry \(.*\) exports no "\." entry for import or require\n$/,
    );
  });

  it('names the config field when a package without exports has no main file', () => {
    installPackage(dir, 'no-main', {}, undefined, { main: 'gone.js' });
    const config = peopleConfig();
    config.strategy = 'no-main';
    writeConfig(dir, config);
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^oxide-mirror: strategy: plugin 'no-main' cannot be loaded: package no-main \(.*\) has no "exports", and its "main" \(or index\.js\) is missing\n$/,
    );
  });

  it("checks options with the plugin's schema before the plugin sees them", () => {
    installPackage(dir, 'schema-strategy', {
      'index.js': `exports.oxideMirrorPlugin = {
        kind: 'strategy', name: 'schema',
        options: { '~standard': { version: 1, vendor: 'test', validate: (value) =>
          value && value.level === 1 ? { value: { level: 1, checked: true } }
            : { issues: [{ message: 'must be 1', path: ['level'] }] } } },
        createStrategy: (options) => {
          if (!options.checked) throw new Error('got unchecked options');
          return { name: 'schema', resolve: () => ({ kind: 'apply' }) };
        },
      };\n`,
    });
    const config = peopleConfig();
    config.strategy = { use: 'schema-strategy', options: { level: 9 } };
    writeConfig(dir, config);
    const refused = runCli(['sync'], dir);
    expect(refused.stderr).toBe(
      "oxide-mirror: strategy: invalid options for 'schema-strategy': plugin 'schema': option level must be 1\n",
    );
    config.strategy = { use: 'schema-strategy', options: { level: 1 } };
    writeConfig(dir, config);
    expect(runCli(['sync'], dir).stderr).toBe('');
  });

  it('refuses options given to a first-party strategy that takes none', () => {
    const config = peopleConfig();
    config.strategy = { use: 'keep-local', options: { mode: 'strict' } };
    writeConfig(dir, config);
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `oxide-mirror: strategy: invalid options for 'keep-local': plugin 'keep-local': option (options) takes no options, got {"mode":"strict"}\n`,
    );
  });
});
