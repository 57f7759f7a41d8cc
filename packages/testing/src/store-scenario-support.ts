import type { MirrorStore, MirroredRecord } from '@oxide-mirror/core';
import type { ContractScenario, SuiteOptions } from './contract-scenario';
import { ContractViolation } from './contract-violation';
import type { OpenStore } from './open-store';
import { kitLastWriteWins } from './reference-strategies';

/** Names of the store contract's scenarios, for {@link StoreContractOptions.skip}. */
export type StoreScenarioName =
  | 'insertsAtVersionOne'
  | 'secondUpsertBumpsVersion'
  | 'skippedStillLogged'
  | 'mergeStoresMergedPayload'
  | 'deleteKeepsEvents'
  | 'strategiesSeeTombstones'
  | 'cursorsRoundTrip'
  | 'idempotentAppends'
  | 'batchAtomicity'
  | 'changesAfterCommit'
  | 'persistsAcrossReopen'
  | 'resources'
  | 'readOnlyQuery'
  | 'closedStore'
  | 'strategyOwnedByProjection'
  | 'strategyCheckedAtOpen'
  | 'historyAndAsOf'
  | 'rebuildEqualsLive'
  | 'redaction'
  | 'catalog'
  | 'cursorList'
  | 'mirroredIds'
  | 'eventLog'
  | 'sourceLocks'
  | 'syncRunLog'
  | 'rejectsKept'
  | 'writableFlag'
  | 'importKeepsIdentities'
  | 'importRefusesWhatItCannotKeep';

/** How to run the store contract against one store implementation. */
export interface StoreContractOptions extends SuiteOptions<StoreScenarioName> {
  /** Opens the store under test: the one `path` names (kept across reopen), or a fresh one. */
  openStore: OpenStore;
}

/** One scenario of the store contract. */
export type StoreScenario = ContractScenario<StoreContractOptions>;

/** The strategy most scenarios project with. */
export const lww = kitLastWriteWins;

/** Runs `body` on a throwaway store and always closes it. */
export async function withStore(
  options: StoreContractOptions,
  body: (store: MirrorStore) => Promise<void>,
): Promise<void> {
  const store = await options.openStore();
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

/** The error `promise` rejects with; a violation saying `what` when it resolves. */
export async function rejectionOf(
  promise: Promise<unknown>,
  what: string,
): Promise<{ code?: unknown }> {
  const outcome = await promise.then(
    () => ({ resolved: true as const }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) throw new ContractViolation(`${what}, but it succeeded`);
  return (outcome.error ?? {}) as { code?: unknown };
}

/** The named fields of a record, to compare with a diff. */
export function pick(record: MirroredRecord | undefined, keys: readonly (keyof MirroredRecord)[]) {
  return record && Object.fromEntries(keys.map((key) => [key, record[key]]));
}
