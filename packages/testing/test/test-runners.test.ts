import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The kit as plugin authors install it: the built package (`tsc -b` must have run).
const KIT = resolve(__dirname, '..', 'dist', 'index.js');
const LAST_WRITE_WINS = resolve(__dirname, '../../strategy-last-write-wins/dist/index.js');

/** Runs `node args…` outside Jest, with none of Jest's globals around. */
function runNode(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A `node:test` file that runs the strategy contract on a sound and on a broken strategy. */
const NODE_TEST_FILE = `
const { describe, it } = require('node:test');
const kit = require(${JSON.stringify(KIT)});
const { LastWriteWins } = require(${JSON.stringify(LAST_WRITE_WINS)});

kit.runStrategyContract('LastWriteWins', { createStrategy: () => new LastWriteWins(), numRuns: 20 });
kit.runStrategyContract('merge-on-delete', {
  createStrategy: () => ({ name: 'merge-on-delete', resolve: () => ({ kind: 'merge', payload: {} }) }),
  numRuns: 20,
});
describe('given/when/then', () => {
  it('skips an older delta', () => {
    kit.strategySpec(new LastWriteWins())
      .givenRecord(kit.recordAt(5))
      .whenDelta(kit.upsertAt(1, '1', { name: 'old' }))
      .thenSkips();
  });
});
`;

describe('the kit outside Jest', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oxide-mirror-kit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('can be required by a plain node process', () => {
    const result = runNode(
      ['-e', `const kit = require(${JSON.stringify(KIT)}); console.log(typeof kit.upsertAt)`],
      dir,
    );
    expect(result).toEqual({ code: 0, output: 'function\n' });
  });

  it('declares its suites as node:test tests, which pass and fail as they should', () => {
    writeFileSync(join(dir, 'contract.test.cjs'), NODE_TEST_FILE);
    const result = runNode(['--test', '--test-reporter=tap', 'contract.test.cjs'], dir);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^# tests 17$/m);
    expect(result.output).toMatch(/^# pass 13$/m);
    expect(result.output).toMatch(/^# fail 4$/m);
    expect(result.output).toMatch(/^ {4}not ok \d+ - answers a valid resolution/m);
    expect(result.output).toMatch(/^ok \d+ - LastWriteWins — strategy contract$/m);
    expect(result.output).toMatch(/^ {4}ok \d+ - skips an older delta$/m);
  });

  it('refuses to declare tests under Vitest without its test functions', () => {
    const declare = `require(${JSON.stringify(KIT)}).runStrategyContract('x', { createStrategy: () => ({}) })`;
    const result = runNode(['-e', declare], dir, { VITEST: 'true' });
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      "under Vitest needs its test functions: set Vitest's `globals: true`, or call useTestRunner",
    );
  });
});
