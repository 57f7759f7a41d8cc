import { Delta, type ConflictStrategy, type JsonObject } from '@oxide-mirror/core';
import { HighestConfidence } from '@oxide-mirror/strategy-highest-confidence';
import { KeepLocal } from '@oxide-mirror/strategy-keep-local';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { MergeJson } from '@oxide-mirror/strategy-merge-json';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import fc from 'fast-check';
import { FixedClock } from './fixtures';

const strategies: ConflictStrategy[] = [
  new LastWriteWins(),
  new HighestConfidence(),
  new KeepLocal(),
  new MergeJson(),
];

const payloadArbitrary: fc.Arbitrary<JsonObject> = fc.record(
  {
    name: fc.constantFrom('Ada', 'Bob', 'Cy'),
    tags: fc.record(
      { color: fc.constantFrom('red', 'blue'), size: fc.integer({ min: 1, max: 3 }) },
      { requiredKeys: [] },
    ),
    list: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

/** A delta over few records, sources and minutes, so that conflicts, ties and late arrivals are common. */
const deltaArbitrary: fc.Arbitrary<Delta> = fc
  .record({
    op: fc.constantFrom('upsert', 'upsert', 'upsert', 'delete'),
    resource: fc.constantFrom('contacts', 'tickets'),
    recordId: fc.constantFrom('1', '2', '3'),
    source: fc.constantFrom('crm', 'billing', 'scraper'),
    confidence: fc.constantFrom(0.1, 0.5, 0.9, 1),
    minute: fc.integer({ min: 0, max: 5 }),
    payload: payloadArbitrary,
  })
  .map(({ op, resource, recordId, source, confidence, minute, payload }) => {
    const options = { confidence, occurredAt: new Date(Date.UTC(2026, 0, 1, 0, minute)) };
    return op === 'delete'
      ? Delta.delete(resource, recordId, source, options)
      : Delta.upsert(resource, recordId, payload, source, options);
  });

/** Deltas split into batches, with some deltas re-sent later (as a flaky source would). */
const scenarioArbitrary = fc
  .array(deltaArbitrary, { minLength: 1, maxLength: 25 })
  .chain((deltas) =>
    fc.record({
      deltas: fc.constant(deltas),
      resent: fc.array(fc.integer({ min: 0, max: deltas.length - 1 }), { maxLength: 5 }),
      batchSize: fc.integer({ min: 1, max: 6 }),
    }),
  )
  .map(({ deltas, resent, batchSize }) => {
    const all = [...deltas, ...resent.map((index) => deltas[index] as Delta)];
    const batches: Delta[][] = [];
    for (let i = 0; i < all.length; i += batchSize) batches.push(all.slice(i, i + batchSize));
    return batches;
  });

function projection(store: SqliteMirrorStore): Promise<unknown[]> {
  return store.query('SELECT * FROM mirror_record_state ORDER BY resource, record_id');
}

describe('the log is the source of truth', () => {
  it.each(strategies.map((strategy) => [strategy.name, strategy] as const))(
    'with %s, a rebuild equals the live projection and a second rebuild changes nothing',
    async (_, strategy) => {
      await fc.assert(
        fc.asyncProperty(scenarioArbitrary, async (batches) => {
          const clock = new FixedClock();
          const store = await SqliteMirrorStore.inMemory({ clock, strategy });
          try {
            for (const batch of batches) {
              await store.applyBatch(batch, strategy);
              clock.advance(1000);
            }
            const live = await projection(store);
            const views = await store.query(
              'SELECT * FROM mirror_resource_fields ORDER BY resource, ordinal',
            );
            await store.rebuild();
            expect(await projection(store)).toEqual(live);
            expect(
              await store.query('SELECT * FROM mirror_resource_fields ORDER BY resource, ordinal'),
            ).toEqual(views);
            await store.rebuild();
            expect(await projection(store)).toEqual(live);

            for (const row of live as { resource: string; record_id: string; version: number }[]) {
              const history = await store.history(row.resource, row.record_id);
              expect(history[history.length - 1]?.version).toBe(row.version);
            }
          } finally {
            await store.close();
          }
        }),
        { numRuns: 60 },
      );
    },
  );
});
