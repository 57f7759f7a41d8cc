import { registerScenarios } from './contract-scenario';
import { catalogScenarios } from './store-catalog-scenarios';
import { hostScenarios } from './store-host-scenarios';
import { importScenarios } from './store-import-scenarios';
import { logScenarios } from './store-log-scenarios';
import { projectionScenarios } from './store-projection-scenarios';
import { recordScenarios } from './store-record-scenarios';
import type {
  StoreContractOptions,
  StoreScenario,
  StoreScenarioName,
} from './store-scenario-support';

export type { StoreContractOptions, StoreScenarioName } from './store-scenario-support';

/**
 * The store contract's scenarios, each callable on its own:
 * `await storeScenarios.batchAtomicity.run({ openStore })`.
 */
export const storeScenarios: Readonly<Record<StoreScenarioName, StoreScenario>> = {
  ...recordScenarios,
  ...logScenarios,
  ...catalogScenarios,
  ...projectionScenarios,
  ...hostScenarios,
  ...importScenarios,
};

/**
 * Registers the store contract as tests of the running test runner (Jest, Vitest, node:test): the seed behaviours (insert at version 1, a second
 * upsert at version 2, skipped deltas still logged, deletes that keep their events, cursors that
 * round-trip) and this project's guarantees (tombstones shown to strategies, idempotent appends,
 * atomic batches, `changes()` after commit, durable files, read-only queries).
 *
 * @example
 * runStoreContract('SqliteMirrorStore', {
 *   openStore: (path) => (path ? SqliteMirrorStore.open(path) : SqliteMirrorStore.inMemory()),
 * });
 */
export function runStoreContract(name: string, options: StoreContractOptions): void {
  registerScenarios(`${name} — store contract`, storeScenarios, options, 30_000);
}
