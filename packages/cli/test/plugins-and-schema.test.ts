import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { makeTempDir, peopleConfig, removeTempDir, runCli, writeConfig } from './cli-harness';

// Every test runs the built binary in child processes.
jest.setTimeout(120_000);

describe('plugin options in the CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('lists every first-party plugin with the options its schema describes', () => {
    const result = runCli(['plugins'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "keep-local  (strategy plugin 'keep-local')\n  options: none\n",
    );
    expect(result.stdout).toMatch(
      /source-priority {2}\(strategy plugin 'source-priority'\)\n {2}option +type +required.*\n.*\n {2}order +string\[\] +yes +Source ids, highest priority first/,
    );
    expect(result.stdout).toMatch(/\n {2}pages\[\]\.hasMore +boolean +yes /);
  });

  it('shows a plugin the config names, by its package name, as JSON Schema', () => {
    const result = runCli(['plugins', '@oxide-mirror/source-static', '--json'], dir);
    expect(result.code).toBe(0);
    const [plugin] = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(plugin).toMatchObject({
      use: '@oxide-mirror/source-static',
      kind: 'source',
      name: 'static',
      options: { type: 'object', additionalProperties: false },
    });
  });

  it('writes a JSON Schema of the config that checks plugin options and allows secrets', () => {
    writeConfig(dir, { ...peopleConfig(), $schema: './oxide-mirror.schema.json' });
    const result = runCli(['schema'], dir);
    expect(result.stdout).toBe(`wrote ${join(dir, 'oxide-mirror.schema.json')}\n`);
    const schema = JSON.parse(
      readFileSync(join(dir, 'oxide-mirror.schema.json'), 'utf8'),
    ) as object;
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate({ ...peopleConfig(), $schema: './oxide-mirror.schema.json' })).toBe(true);
    const misspelt = {
      sources: { crm: { use: '@oxide-mirror/source-static', options: { page: [] } } },
    };
    expect(validate(misspelt)).toBe(false);
    expect(validate({ strategy: { use: 'keep-local', options: { mode: 'strict' } } })).toBe(false);
    expect(validate({ strategy: { use: 'source-priority', options: { order: 'crm' } } })).toBe(
      false,
    );
    const fromEnv = {
      strategy: { use: 'source-priority', options: { order: [{ $env: 'FIRST' }] } },
    };
    expect(validate(fromEnv)).toBe(true);
    expect(validate({ sources: {}, databse: 'typo.db' })).toBe(false);
    const http = (options: Record<string, unknown>): unknown => ({
      sources: { crm: { use: '@oxide-mirror/source-http', options } },
    });
    const contacts = {
      baseUrl: 'https://crm.example.com',
      headers: { Authorization: { $env: 'CRM_AUTHORIZATION' } },
      resources: [{ name: 'contacts', path: '/contacts', idField: 'id' }],
    };
    expect(validate(http(contacts))).toBe(true);
    expect(validate(http({ ...contacts, headerz: {} }))).toBe(false);
  });

  it('shows source-http options and refuses a misspelt one with a did-you-mean', () => {
    expect(runCli(['plugins', '@oxide-mirror/source-http'], dir).stdout).toMatch(
      /\n {2}baseUrl +string +yes /,
    );
    writeConfig(dir, {
      sources: {
        crm: {
          use: '@oxide-mirror/source-http',
          options: { baseUrl: 'https://crm.example.com', resources: [], headerz: {} },
        },
      },
    });
    const result = runCli(['check'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/headerz.*did you mean .headers./);
  });

  it('says how to point the config at the schema when it does not yet', () => {
    writeConfig(dir, peopleConfig());
    const result = runCli(['schema', '--out', 'schemas/config.json'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^oxide-mirror: cannot write the schema to .*schemas\/config\.json: ENOENT/,
    );
    expect(runCli(['schema', '--out', 'config.schema.json'], dir).stdout).toBe(
      `wrote ${join(dir, 'config.schema.json')}\n` +
        'add "$schema": "./config.schema.json" to the config so that editors use it\n',
    );
  });
});
