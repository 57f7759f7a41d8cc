import type { MirrorStore } from '@oxide-mirror/core';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { storeScenarios, type OpenStore } from '@oxide-mirror/testing';

/** A real store with some members replaced: the way to break one thing at a time. */
function overriding(inner: MirrorStore, overrides: Partial<MirrorStore>): MirrorStore {
  return new Proxy(inner, {
    get(target, key, receiver) {
      const value: unknown =
        key in overrides ? overrides[key as keyof MirrorStore] : Reflect.get(target, key, receiver);
      return typeof value === 'function' && !(key in overrides) ? value.bind(target) : value;
    },
  });
}

/** Passes everything to a real store (the baseline for the broken stores below). */
const delegating = (store: MirrorStore): MirrorStore => overriding(store, {});

/** Applies a batch one delta at a time: a failure half-way leaves the first half written. */
const nonAtomic = (store: MirrorStore): MirrorStore =>
  overriding(store, {
    applyBatch: async (deltas, strategy, options) => {
      const outcomes = [];
      for (const delta of deltas) outcomes.push(await store.applyDelta(delta, strategy));
      if (options?.cursor) {
        const { source, resource, cursor } = options.cursor;
        await store.setCursor(source, resource, cursor);
      }
      return outcomes;
    },
  });

/** Keeps one cursor per source, whatever the resource. */
const oneCursorPerSource = (store: MirrorStore): MirrorStore =>
  overriding(store, {
    getCursor: (source) => store.getCursor(source, '*'),
    setCursor: (source, _resource, cursor) => store.setCursor(source, '*', cursor),
  });

function wrapped(wrap: (store: MirrorStore) => MirrorStore): { openStore: OpenStore } {
  return {
    openStore: async (path, options) =>
      wrap(
        await (path ? SqliteMirrorStore.open(path, options) : SqliteMirrorStore.inMemory(options)),
      ),
  };
}

describe('the store contract catches broken stores', () => {
  it('passes a store that only delegates (the baseline for the cases below)', async () => {
    const baseline = wrapped(delegating);
    for (const scenario of Object.values(storeScenarios)) await scenario.run(baseline);
  });

  it('fails a store whose batches are not atomic', async () => {
    await expect(storeScenarios.batchAtomicity.run(wrapped(nonAtomic))).rejects.toThrow(
      /events left by failed batches/,
    );
  });

  it('fails a store that keeps one cursor per source', async () => {
    await expect(storeScenarios.cursorsRoundTrip.run(wrapped(oneCursorPerSource))).rejects.toThrow(
      /getCursor\('crm'\) \(resource '\*'\)/,
    );
  });
});
