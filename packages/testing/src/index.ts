export { defineScenario, type ContractScenario, type SuiteOptions } from './contract-scenario';
export { ContractViolation } from './contract-violation';
export {
  DEFAULT_TEST_RESOURCE,
  DEFAULT_TEST_SOURCE,
  deleteAt,
  upsertAt,
  type DeltaBuildOptions,
} from './delta-builders';
export { FakeClock } from './fake-clock';
export { ENDLESS_QUERY, hostileWrites } from './hostile-queries';
export { sqliteStoreOpener, type OpenStore, type OpenStoreOptions } from './open-store';
export { optionsRefusal, type OptionsRefusal } from './options-refusal';
export {
  projectionSpec,
  type HistoryEntry,
  type ProjectionGiven,
  type ProjectionOutcome,
  type ProjectionSpecOptions,
  type ProjectionThen,
} from './projection-spec';
export { recordAt, tombstoneAt, type RecordBuildOptions } from './record-builders';
export { runReplayProperties, type ReplayPropertyOptions } from './replay-properties';
export {
  recordIdOf,
  upstreamRecords,
  type ExpectedRecord,
  type SourceBackend,
  type UpstreamRecord,
  type UpstreamRecordPlan,
} from './source-backend';
export {
  runSourceContract,
  sourceScenarios,
  type SourceContractOptions,
  type SourceScenarioName,
} from './source-contract';
export {
  runStoreContract,
  storeScenarios,
  type StoreContractOptions,
  type StoreScenarioName,
} from './store-contract';
export {
  runStrategyContract,
  strategyScenarios,
  type StrategyContractOptions,
  type StrategyScenarioName,
} from './strategy-contract';
export {
  strategySpec,
  type StrategyGiven,
  type StrategySpec,
  type StrategyThen,
} from './strategy-spec';
export { currentTestRunner, useTestRunner, type RunnerTest, type TestRunner } from './test-runner';
export { KIT_EPOCH, timeAt, type TimeLike } from './test-time';
