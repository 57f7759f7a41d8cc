import { ContractViolation, describeError } from './contract-violation';
import { currentTestRunner } from './test-runner';

/**
 * One rule of a contract, as a plain async function: a test runner runs it through `run…Contract`, and a
 * test can call `run` directly (for example to show that a broken plugin fails it).
 */
export interface ContractScenario<TOptions> {
  /** What the scenario checks; the test title. */
  readonly title: string;
  /** Why the scenario cannot run with these options (a missing optional capability), if so. */
  readonly unsupported?: (options: TOptions) => string | undefined;
  /** Runs the scenario; rejects with a {@link ContractViolation} when the plugin breaks the rule. */
  readonly run: (options: TOptions) => Promise<void>;
}

/** Options every contract suite accepts. */
export interface SuiteOptions<TName extends string> {
  /**
   * Scenarios to leave out, each with the reason (shown in the test title). Prefer fixing the
   * plugin: a skipped rule is a rule users cannot rely on.
   */
  skip?: Partial<Record<TName, string>>;
  /** Test runner timeout of each scenario, in milliseconds. */
  timeoutMs?: number;
}

/**
 * Declares a scenario whose failures always come out as a {@link ContractViolation} titled with
 * the scenario, whatever the plugin threw.
 */
export function defineScenario<TOptions>(
  title: string,
  run: (options: TOptions) => Promise<void>,
  unsupported?: (options: TOptions) => string | undefined,
): ContractScenario<TOptions> {
  return {
    title,
    unsupported,
    run: async (options) => {
      try {
        await run(options);
      } catch (error) {
        const problem = error instanceof ContractViolation ? error.message : describeError(error);
        // A violation's message already says everything; keep only what caused it, once.
        const cause = error instanceof ContractViolation ? error.cause : error;
        throw new ContractViolation(`[${title}] ${problem}`, { cause });
      }
    },
  };
}

/**
 * Registers one test per scenario, inside a `describe` named `suiteTitle`, with whichever test
 * runner is running (see `currentTestRunner`).
 */
export function registerScenarios<TName extends string, TOptions extends SuiteOptions<TName>>(
  suiteTitle: string,
  scenarios: Readonly<Record<TName, ContractScenario<TOptions>>>,
  options: TOptions,
  defaultTimeoutMs: number,
): void {
  const { describe, it } = currentTestRunner();
  describe(suiteTitle, () => {
    for (const name of Object.keys(scenarios) as TName[]) {
      const scenario = scenarios[name];
      const reason = options.skip?.[name] ?? scenario.unsupported?.(options);
      if (reason !== undefined) {
        it.skip(`${scenario.title} (skipped: ${reason})`, () => undefined);
        continue;
      }
      it(scenario.title, () => scenario.run(options), options.timeoutMs ?? defaultTimeoutMs);
    }
  });
}
