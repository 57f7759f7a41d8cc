import type * as NodeTest from 'node:test';

/** A test function as Jest, Vitest and Mocha declare it: `it(title, run, timeoutMs)`. */
export interface RunnerTest {
  (title: string, run: () => Promise<void>, timeoutMs?: number): unknown;
  /** Declares a test that is shown as skipped. */
  skip(title: string, run: () => void): unknown;
}

/**
 * The two functions the kit needs of a test runner, in the shape Jest, Vitest and Mocha share.
 * Pass Vitest's to {@link useTestRunner} when its `globals` option is off.
 */
export interface TestRunner {
  /** Groups tests under a title. */
  describe(title: string, body: () => void): unknown;
  /** Declares one test. */
  it: RunnerTest;
}

let chosen: TestRunner | undefined;

/**
 * Makes the contract suites declare their tests with `runner`. Not needed under Jest, Vitest with
 * `globals: true`, Mocha or `node:test`, which the kit finds by itself.
 *
 * @example
 * // vitest.setup.ts, with Vitest's globals off
 * import { describe, it } from 'vitest';
 * import { useTestRunner } from '@oxide-mirror/testing';
 * useTestRunner({ describe, it });
 */
export function useTestRunner(runner: TestRunner): void {
  chosen = runner;
}

/** The runner's `describe` and `it` when it puts them on the global object (Jest, Vitest, Mocha). */
function globalRunner(): TestRunner | undefined {
  const scope = globalThis as Partial<TestRunner>;
  if (typeof scope.describe !== 'function' || typeof scope.it !== 'function') return undefined;
  return { describe: scope.describe, it: scope.it };
}

/**
 * `node:test`, whose `it` takes its options before the function. Loaded only when a suite is
 * declared with no other runner around, so importing the kit never starts a runner.
 */
function nodeTestRunner(): TestRunner {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use only
  const nodeTest = require('node:test') as typeof NodeTest;
  const it = (title: string, run: () => Promise<void>, timeoutMs?: number) =>
    nodeTest.it(title, { timeout: timeoutMs }, run);
  it.skip = (title: string, run: () => void) => nodeTest.it(title, { skip: true }, run);
  return { describe: (title, body) => nodeTest.describe(title, body), it };
}

/**
 * The runner suites declare their tests with: the one given to {@link useTestRunner}, else the
 * global `describe`/`it` (Jest, Vitest with globals, Mocha), else `node:test`.
 */
export function currentTestRunner(): TestRunner {
  const runner = chosen ?? globalRunner();
  if (runner !== undefined) return runner;
  // Vitest without globals would otherwise get node:test tests it never runs: the suite would
  // pass by declaring nothing.
  if (process.env.VITEST !== undefined) {
    throw new Error(
      "@oxide-mirror/testing under Vitest needs its test functions: set Vitest's `globals: true`, " +
        "or call useTestRunner({ describe, it }) with those of 'vitest' in a setup file",
    );
  }
  return nodeTestRunner();
}
