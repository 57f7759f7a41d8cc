import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { POSTGRES_STORE, SQLITE_STORE, storeTargetOf } from '../src/config/store-target';
import { json, makeTempDir, peopleConfig, removeTempDir, runCli, writeConfig } from './cli-harness';

// Every test runs the built binary in child processes; on a busy two-core machine a handful of
// runs can take longer than jest's default five seconds.
jest.setTimeout(120_000);

/** The built SQLite store, as the built CLI the tests run loads it. */
const SQLITE_ENTRY = join(__dirname, '..', '..', 'store-sqlite', 'dist', 'index.js');

/**
 * A third-party store package: the SQLite store behind its own name and options, noting every
 * open in a file, as a server store would be reached.
 */
function installWrappedStore(dir: string): void {
  const root = join(dir, 'node_modules', '@acme', 'store-wrapped');
  mkdirSync(root, { recursive: true });
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: '@acme/store-wrapped', version: '1.0.0', main: 'index.js' }),
  );
  writeFileSync(
    join(root, 'index.js'),
    `const fs = require('node:fs');
const sqlite = require(${JSON.stringify(SQLITE_ENTRY)});
exports.oxideMirrorPlugin = {
  kind: 'store',
  name: 'wrapped',
  options: sqlite.sqliteStoreOptionsSchema,
  open: async (options, context) => {
    fs.appendFileSync(${JSON.stringify(join(dir, 'opens.log'))}, (context.readOnly ? 'read' : 'write') + '\\n');
    return sqlite.oxideMirrorPlugin.open(options, context);
  },
};
`,
  );
}

const ADA_SQL =
  "SELECT json_extract(payload, '$.name') AS name FROM mirror_records WHERE record_id = 'c1'";

describe('choosing the store', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('opens a store package named by "database": { "use", "options" } for every command', () => {
    installWrappedStore(dir);
    writeConfig(dir, {
      ...peopleConfig(),
      database: { use: '@acme/store-wrapped', options: { path: 'team.db' } },
    });
    const synced = runCli(['sync'], dir);
    expect(synced.stderr).toBe('');
    expect(synced.code).toBe(0);
    expect(json(runCli(['query', ADA_SQL, '--json'], dir))).toEqual([{ name: 'Ada L' }]);
    expect(json(runCli(['status', '--json'], dir))).toMatchObject([
      { source: 'crm', lastOutcome: 'ok' },
      { source: 'billing', lastOutcome: 'ok' },
    ]);
    expect(existsSync(join(dir, 'team.db'))).toBe(true);
    expect(existsSync(join(dir, 'mirror.db'))).toBe(false);
    expect(readFileSync(join(dir, 'opens.log'), 'utf8')).toBe('write\nread\nread\n');
  });

  it('refuses a misspelt store option before any database is created', () => {
    writeConfig(dir, {
      ...peopleConfig(),
      database: { use: '@oxide-mirror/store-sqlite', options: { pth: 'team.db' } },
    });
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "database.options: invalid options for '@oxide-mirror/store-sqlite'",
    );
    expect(result.stderr).toContain('pth');
    expect(existsSync(join(dir, 'team.db'))).toBe(false);
    expect(existsSync(join(dir, 'mirror.db'))).toBe(false);
  });

  it('refuses a source plugin option before any database is created', () => {
    const config = peopleConfig();
    writeConfig(dir, {
      ...config,
      sources: { crm: { use: '@oxide-mirror/source-http', options: { baseUrl: 'nope' } } },
    });
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('sources.crm.options');
    expect(existsSync(join(dir, 'mirror.db'))).toBe(false);
  });

  it('says a module that is a source plugin is not a store', () => {
    writeConfig(dir, { ...peopleConfig(), database: { use: '@oxide-mirror/source-static' } });
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "database: '@oxide-mirror/source-static' is a source plugin, but a store plugin is needed here",
    );
  });
});

describe('reading "database"', () => {
  it('takes a path as a SQLite file relative to the config', () => {
    expect(storeTargetOf('data/mirror.db', '/srv/app')).toEqual({
      use: SQLITE_STORE,
      options: { path: '/srv/app/data/mirror.db' },
      label: '/srv/app/data/mirror.db',
      sqlitePath: '/srv/app/data/mirror.db',
    });
  });

  it('takes a postgres:// URL as the PostgreSQL store, never printing a password', () => {
    expect(storeTargetOf('postgres://mirror@db.internal/team', '/srv/app')).toEqual({
      use: POSTGRES_STORE,
      options: { url: 'postgres://mirror@db.internal/team' },
      label: 'postgres://mirror@db.internal/team',
    });
    const withPassword = storeTargetOf('postgresql://mirror:hunter2@db.internal/team', '/srv');
    expect(withPassword.options).toEqual({ url: 'postgresql://mirror:hunter2@db.internal/team' });
    expect(withPassword.label).not.toContain('hunter2');
  });

  it('takes { use, options } as a store package', () => {
    expect(storeTargetOf({ use: '@acme/store', options: { a: 1 } }, '/srv')).toEqual({
      use: '@acme/store',
      options: { a: 1 },
      label: '@acme/store',
    });
  });
});
