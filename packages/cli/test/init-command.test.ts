import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeTempDir, removeTempDir, runCli } from './cli-harness';

// Scaffolds are type-checked and tested in child processes, a contract suite each.
jest.setTimeout(300_000);

const WORKSPACE = resolve(__dirname, '..', '..', '..');

/**
 * Makes `dir/node_modules` hold what a scaffold's `npm install` would bring, taken from this
 * workspace: the oxide-mirror packages as built here, and the test tools.
 */
function linkDependencies(dir: string): void {
  const links: Record<string, string> = {
    '@oxide-mirror/core': join(WORKSPACE, 'packages/core'),
    '@oxide-mirror/testing': join(WORKSPACE, 'packages/testing'),
    '@oxide-mirror/store-sqlite': join(WORKSPACE, 'packages/store-sqlite'),
    zod: join(WORKSPACE, 'packages/cli/node_modules/zod'),
    jest: join(WORKSPACE, 'node_modules/jest'),
    'ts-jest': join(WORKSPACE, 'node_modules/ts-jest'),
    typescript: join(WORKSPACE, 'node_modules/typescript'),
    '@types/jest': join(WORKSPACE, 'node_modules/@types/jest'),
    '@types/node': join(WORKSPACE, 'node_modules/@types/node'),
  };
  for (const [name, target] of Object.entries(links)) {
    const link = join(dir, 'node_modules', name);
    mkdirSync(resolve(link, '..'), { recursive: true });
    symlinkSync(realpathSync(target), link);
  }
}

/** Runs the scaffold's own `npm test`: its strict type check, then its jest. */
function runScaffoldTests(dir: string): { code: number | null; output: string } {
  const bin = (path: string) => join(dir, '..', 'node_modules', path);
  const check = spawnSync(
    process.execPath,
    [bin('typescript/bin/tsc'), '-p', 'tsconfig.test.json'],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  );
  if (check.status !== 0) return { code: check.status, output: check.stdout + check.stderr };
  const tests = spawnSync(process.execPath, [bin('jest/bin/jest.js'), '--ci', '--verbose'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { code: tests.status, output: tests.stdout + tests.stderr };
}

describe('oxide-mirror init', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir();
    linkDependencies(dir);
  });
  afterAll(() => removeTempDir(dir));

  it.each(['source', 'strategy'])(
    'creates a %s package that passes its contract suite as created',
    (kind) => {
      const result = runCli(['init', kind, 'pet-store'], dir);
      expect(result.stderr).toBe('');
      const created = join(dir, `oxide-mirror-${kind}-pet-store`);
      const manifest = JSON.parse(readFileSync(join(created, 'package.json'), 'utf8')) as Record<
        string,
        Record<string, string>
      >;
      expect(manifest.peerDependencies).toEqual({ '@oxide-mirror/core': '^0.1.0' });
      expect(manifest.devDependencies?.['@oxide-mirror/testing']).toBe('^0.1.0');
      const tests = runScaffoldTests(created);
      expect(tests.output).not.toMatch(/failed|WARN/);
      expect(tests.output).toMatch(/Tests: +\d+ passed, \d+ total/);
      expect(tests.output).toMatch(kind === 'source' ? /source contract/ : /strategy contract/);
      expect(tests.code).toBe(0);
    },
  );

  it('never writes into a folder that holds files', () => {
    mkdirSync(join(dir, 'taken'));
    writeFileSync(join(dir, 'taken', 'keep.txt'), 'mine');
    const result = runCli(['init', 'source', 'x', '--dir', 'taken'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `oxide-mirror: ${join(dir, 'taken')} already exists and is not empty: choose another name or --dir\n`,
    );
    expect(readFileSync(join(dir, 'taken', 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('refuses a name that is not kebab-case', () => {
    const result = runCli(['init', 'strategy', 'My_Strategy'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the name must be kebab-case letters and digits/);
  });
});
