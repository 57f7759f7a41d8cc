import fc from 'fast-check';
import type { ConflictStrategy, Delta, MirroredRecord } from '@oxide-mirror/core';
import {
  defineScenario,
  registerScenarios,
  type ContractScenario,
  type SuiteOptions,
} from './contract-scenario';
import { ContractViolation, check, describeError } from './contract-violation';
import { deepFreeze, jsonCopy, snapshotOf } from './json-snapshot';
import { projectInMemory } from './reference-projection';
import { resolutionProblem } from './resolution-check';
import {
  caseArbitrary,
  deleteCaseArbitrary,
  logArbitrary,
  type StrategyCase,
  type StrategyInputSpace,
} from './strategy-arbitraries';
import { KIT_EPOCH } from './test-time';

/** Names of the strategy contract's scenarios, for {@link StrategyContractOptions.skip}. */
export type StrategyScenarioName =
  | 'stableName'
  | 'neverThrows'
  | 'validResolutions'
  | 'deterministic'
  | 'pure'
  | 'missingRecord'
  | 'deletesAndTombstones'
  | 'sameLogSameTable';

/** How to run the strategy contract against one strategy. */
export interface StrategyContractOptions extends SuiteOptions<StrategyScenarioName> {
  /** A new instance of the strategy under test (called several times). */
  createStrategy(): ConflictStrategy;
  /**
   * Provenance sources of generated deltas and records. Defaults to `['alpha', 'beta', 'gamma']`;
   * give the ones your strategy treats specially, plus one it does not know.
   */
  sources?: readonly string[];
  /** Resource names of generated deltas. Defaults to `['items', 'orders']`. */
  resources?: readonly string[];
  /**
   * Whether a record the mirror never held must land (`apply` or `merge`, not `skip`). True by
   * default, as for every first-party strategy; a strategy that filters new records sets false.
   */
  appliesNewRecords?: boolean;
  /** Generated cases per property. Default 200. */
  numRuns?: number;
  /** Seed of the generator; fixed by default so a suite run is repeatable. */
  seed?: number;
}

type Scenario = ContractScenario<StrategyContractOptions>;

const DEFAULT_SEED = 0x6f78;

function spaceOf(options: StrategyContractOptions): StrategyInputSpace {
  return {
    sources: options.sources ?? ['alpha', 'beta', 'gamma'],
    resources: options.resources ?? ['items', 'orders'],
    recordIds: ['1', '2', '3'],
  };
}

/** Runs `predicate` over generated values; a counterexample becomes a {@link ContractViolation}. */
function forAll<T>(
  options: StrategyContractOptions,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => void,
): void {
  const details = fc.check(fc.property(arbitrary, predicate), {
    numRuns: options.numRuns ?? 200,
    seed: options.seed ?? DEFAULT_SEED,
  });
  if (!details.failed) return;
  const error = details.errorInstance;
  const reason = error instanceof ContractViolation ? error.message : describeError(error);
  throw new ContractViolation(`${reason}\n${fc.defaultReportMessage(details) ?? ''}`, {
    cause: error instanceof ContractViolation ? undefined : error,
  });
}

/** Calls `resolve` on copies of the case; a throw becomes a violation naming the case. */
function resolveCopy(strategy: ConflictStrategy, { existing, incoming }: StrategyCase): unknown {
  try {
    return strategy.resolve(jsonCopy(existing), jsonCopy(incoming));
  } catch (error) {
    throw new ContractViolation(
      `resolve threw ${describeError(error)} for ${describeCase(existing, incoming)}`,
    );
  }
}

function describeCase(existing: MirroredRecord | undefined, incoming: Delta): string {
  const held =
    existing === undefined
      ? 'no record'
      : `${existing.deleted ? 'a tombstone' : 'a live record'} from '${existing.source}'`;
  return `${held} and an incoming ${incoming.op} from '${incoming.provenance.source}'`;
}

function checkValid(resolution: unknown, { existing, incoming }: StrategyCase): void {
  const problem = resolutionProblem(resolution, incoming);
  check(problem === undefined, () => `${problem} for ${describeCase(existing, incoming)}`);
}

const stableName: Scenario = defineScenario('has a stable, non-empty name', async (options) => {
  const first = options.createStrategy();
  check(
    typeof first.name === 'string' && first.name.trim().length > 0,
    `name must be a non-empty string, got ${JSON.stringify(first.name)}`,
  );
  const second = options.createStrategy().name;
  check(second === first.name, `two instances are named '${first.name}' and '${second}'`);
});

const neverThrows: Scenario = defineScenario('never throws on valid input', async (options) => {
  const strategy = options.createStrategy();
  forAll(options, caseArbitrary(spaceOf(options)), (given) => {
    resolveCopy(strategy, given);
  });
});

const validResolutions: Scenario = defineScenario(
  'answers a valid resolution: apply, skip, or merge (upserts only) into a JSON object',
  async (options) => {
    const strategy = options.createStrategy();
    forAll(options, caseArbitrary(spaceOf(options)), (given) => {
      checkValid(resolveCopy(strategy, given), given);
    });
  },
);

const deterministic: Scenario = defineScenario(
  'is deterministic: the same input gives the same resolution, on a used or a fresh instance',
  async (options) => {
    const used = options.createStrategy();
    forAll(options, caseArbitrary(spaceOf(options)), (given) => {
      const first = snapshotOf(resolveCopy(used, given));
      const again = snapshotOf(resolveCopy(used, given));
      const fresh = snapshotOf(resolveCopy(options.createStrategy(), given));
      check(
        first === again && first === fresh,
        () =>
          `resolved ${describeCase(given.existing, given.incoming)} as ${first}, then ${again}, ` +
          `and a fresh instance as ${fresh}`,
      );
    });
  },
);

const pure: Scenario = defineScenario(
  'is pure: it never changes the record or the delta, and works on deep-frozen ones',
  async (options) => {
    const strategy = options.createStrategy();
    forAll(options, caseArbitrary(spaceOf(options)), (given) => {
      const existing = jsonCopy(given.existing);
      const incoming = jsonCopy(given.incoming);
      const before = snapshotOf({ existing, incoming });
      try {
        strategy.resolve(existing, incoming);
      } catch (error) {
        throw new ContractViolation(`resolve threw ${describeError(error)}`);
      }
      const after = snapshotOf({ existing, incoming });
      check(
        before === after,
        () => `resolve changed its inputs:\n before ${before}\n after  ${after}`,
      );
      try {
        strategy.resolve(
          deepFreeze(jsonCopy(given.existing)),
          deepFreeze(jsonCopy(given.incoming)),
        );
      } catch (error) {
        throw new ContractViolation(
          `resolve threw on deep-frozen inputs (does it write into them?): ${describeError(error)}`,
        );
      }
    });
  },
);

const missingRecord: Scenario = defineScenario(
  'handles a record the mirror never held',
  async (options) => {
    const strategy = options.createStrategy();
    const cases = caseArbitrary(spaceOf(options)).map(({ incoming }) => ({
      existing: undefined,
      incoming,
    }));
    forAll(options, cases, (given) => {
      const resolution = resolveCopy(strategy, given);
      checkValid(resolution, given);
      if (options.appliesNewRecords === false) return;
      check(
        (resolution as { kind: string }).kind !== 'skip',
        () =>
          `skipped a ${given.incoming.op} of a record the mirror never held: new records must land ` +
          '(set appliesNewRecords: false if the strategy filters them on purpose)',
      );
    });
  },
);

const deletesAndTombstones: Scenario = defineScenario(
  'handles deletes and tombstones (never a merge for a delete)',
  async (options) => {
    const strategy = options.createStrategy();
    forAll(options, deleteCaseArbitrary(spaceOf(options)), (given) => {
      checkValid(resolveCopy(strategy, given), given);
    });
  },
);

const sameLogSameTable: Scenario = defineScenario(
  'projects the same log to the same records, however often and on whichever instance',
  async (options) => {
    const used = options.createStrategy();
    forAll(options, logArbitrary(spaceOf(options)), (log) => {
      const first = snapshotOf(projectInMemory(used, log, KIT_EPOCH));
      const again = snapshotOf(projectInMemory(used, log, KIT_EPOCH));
      const fresh = snapshotOf(projectInMemory(options.createStrategy(), log, KIT_EPOCH));
      check(
        first === again && first === fresh,
        () => `one log projected to different records:\n ${first}\n ${again}\n ${fresh}`,
      );
    });
  },
);

/**
 * The strategy contract's scenarios, each callable on its own:
 * `await strategyScenarios.pure.run({ createStrategy })`.
 */
export const strategyScenarios: Readonly<Record<StrategyScenarioName, Scenario>> = {
  stableName,
  neverThrows,
  validResolutions,
  deterministic,
  pure,
  missingRecord,
  deletesAndTombstones,
  sameLogSameTable,
};

/**
 * Registers the strategy contract as tests of the running test runner (Jest, Vitest,
 * `node:test`): a stable name; and, over generated records,
 * tombstones and deltas (property-based, with fast-check), never throwing, valid resolutions,
 * determinism, purity, new records landing, deletes and tombstones, and one log always projecting
 * to the same records. Call it at the top level of a test file.
 *
 * @example
 * // test/contract.test.ts
 * import { runStrategyContract } from '@oxide-mirror/testing';
 * runStrategyContract('SourcePriority', {
 *   createStrategy: () => new SourcePriority({ order: ['crm', 'billing'] }),
 *   sources: ['crm', 'billing', 'scraper'],
 * });
 */
export function runStrategyContract(name: string, options: StrategyContractOptions): void {
  registerScenarios(`${name} — strategy contract`, strategyScenarios, options, 30_000);
}
