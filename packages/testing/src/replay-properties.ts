import fc from 'fast-check';
import type { Clock, ConflictStrategy, Delta, MirrorStore } from '@oxide-mirror/core';
import { check, checkEqual } from './contract-violation';
import { FakeClock } from './fake-clock';
import { batchedDeltasArbitrary, exactDeltaArbitrary } from './replay-arbitraries';
import { currentTestRunner } from './test-runner';

/** How to run the replay properties against one store implementation. */
export interface ReplayPropertyOptions {
  /** Opens a fresh, empty store on `clock`, its projection kept with `strategy`. */
  openStore: (options: { strategy: ConflictStrategy; clock: Clock }) => Promise<MirrorStore>;
  /** The strategies to replay with; every one gets both properties. */
  strategies: readonly ConflictStrategy[];
  /**
   * What else of the projection to compare, beyond what the contract shows (the live records,
   * the catalog): tombstones, a store's own tables. Optional.
   */
  snapshot?: (store: MirrorStore) => Promise<unknown>;
  /** Generated cases per property (defaults: 60 for replay, 40 for exact data). */
  numRuns?: { replay?: number; exact?: number };
  /** Per-test timeout in ms (default 120 s). */
  timeoutMs?: number;
}

/**
 * Registers the log-is-the-source-of-truth properties as tests of the running test runner: for
 * random pages of conflicting, late and re-sent deltas, a rebuild gives exactly the live
 * projection (and a second one changes nothing), and every record's history ends at its
 * version; odd ids, big integers, every spelling of a time and shuffled keys replay exactly,
 * and re-sending them, respelled, adds nothing.
 *
 * @example
 * runReplayProperties('SqliteMirrorStore', {
 *   strategies: [new LastWriteWins(), new MergeJson()],
 *   openStore: ({ strategy, clock }) => SqliteMirrorStore.inMemory({ strategy, clock }),
 * });
 */
export function runReplayProperties(name: string, options: ReplayPropertyOptions): void {
  const { describe, it } = currentTestRunner();
  const timeout = options.timeoutMs ?? 120_000;
  describe(`${name} — replay properties`, () => {
    for (const strategy of options.strategies) {
      it(
        `with ${strategy.name}, a rebuild equals the live projection and a second rebuild changes nothing`,
        () => rebuildEqualsLive(options, strategy),
        timeout,
      );
      it(
        `with ${strategy.name}, odd ids, big integers, every time spelling and shuffled keys replay exactly`,
        () => exactDataReplays(options, strategy),
        timeout,
      );
    }
  });
}

/** The projection as the contract shows it, and what `options.snapshot` adds. */
async function projectionOf(store: MirrorStore, options: ReplayPropertyOptions): Promise<unknown> {
  const records: unknown[] = [];
  for (const resource of await store.listResources()) {
    records.push(await store.listRecords(resource), await store.describeResource(resource));
  }
  return [records, await store.resourceSummaries(), await options.snapshot?.(store)];
}

/** Runs `body` on a fresh store and always closes it. */
async function withFreshStore(
  options: ReplayPropertyOptions,
  strategy: ConflictStrategy,
  body: (store: MirrorStore, clock: FakeClock) => Promise<void>,
): Promise<void> {
  const clock = new FakeClock();
  const store = await options.openStore({ strategy, clock });
  try {
    await body(store, clock);
  } finally {
    await store.close();
  }
}

async function rebuildEqualsLive(
  options: ReplayPropertyOptions,
  strategy: ConflictStrategy,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(batchedDeltasArbitrary, (batches) =>
      withFreshStore(options, strategy, async (store, clock) => {
        for (const batch of batches) {
          await store.applyBatch(batch, strategy);
          clock.advance(1000);
        }
        const live = await projectionOf(store, options);
        await store.rebuild();
        checkEqual(await projectionOf(store, options), live, 'the projection after a rebuild');
        await store.rebuild();
        checkEqual(await projectionOf(store, options), live, 'the projection after two rebuilds');
        for (const resource of await store.listResources()) {
          for (const record of await store.listRecords(resource)) {
            const history = await store.history(resource, record.recordId);
            checkEqual(
              history[history.length - 1]?.version,
              record.version,
              `the last version in the history of ${resource}/${record.recordId}`,
            );
          }
        }
      }),
    ),
    { numRuns: options.numRuns?.replay ?? 60 },
  );
}

async function exactDataReplays(
  options: ReplayPropertyOptions,
  strategy: ConflictStrategy,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(exactDeltaArbitrary, { minLength: 1, maxLength: 16 }), (deltas) =>
      withFreshStore(options, strategy, async (store, clock) => {
        const originals: Delta[] = deltas.map((delta) => delta.original);
        const batch = { onInvalid: 'reject' as const, source: 'test' };
        await store.applyBatch(originals, strategy, batch);
        const events = await store.eventCount();
        const rejects = (await store.listRejects()).length;
        const live = await projectionOf(store, options);
        for (const record of await store.listRecords('contacts')) {
          check(
            originals.some((delta) => delta.recordId === record.recordId),
            `record id ${JSON.stringify(record.recordId)} is none of the ids sent`,
          );
        }
        await store.rebuild();
        checkEqual(await projectionOf(store, options), live, 'the projection after a rebuild');
        await store.rebuild();
        checkEqual(await projectionOf(store, options), live, 'the projection after two rebuilds');
        clock.advance(1000);
        await store.applyBatch(originals, strategy, batch);
        checkEqual((await store.listRejects()).length, rejects, 'rejects after re-sending');
        await store.applyBatch(
          deltas.map((delta) => delta.respelled),
          strategy,
          batch,
        );
        checkEqual(await store.eventCount(), events, 'events after re-sending respelled deltas');
        checkEqual(await projectionOf(store, options), live, 'the projection after re-sending');
      }),
    ),
    { numRuns: options.numRuns?.exact ?? 40 },
  );
}
