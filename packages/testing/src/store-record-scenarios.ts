import { defineScenario } from './contract-scenario';
import { check, checkEqual } from './contract-violation';
import { deleteAt, upsertAt } from './delta-builders';
import { kitKeepFirst, kitShallowMerge, recordingStrategy } from './reference-strategies';
import { lww, pick, withStore, type StoreScenario } from './store-scenario-support';
import { timeAt } from './test-time';

const insertsAtVersionOne: StoreScenario = defineScenario(
  'an upsert into an empty store inserts the record at version 1',
  (options) =>
    withStore(options, async (store) => {
      const delta = upsertAt(1, '1', { name: 'Rex' }, { resource: 'pets', source: 'petstore' });
      const outcome = await store.applyDelta(delta, lww);
      check(
        outcome.applied && outcome.decision === 'applied' && outcome.version === 1,
        `applyDelta answered ${JSON.stringify(outcome)}`,
      );
      check(typeof outcome.position === 'number' && outcome.position > 0, 'no log position');
      checkEqual(
        pick(await store.getRecord('pets', '1'), [
          'payload',
          'source',
          'confidence',
          'version',
          'occurredAt',
          'deleted',
        ]),
        {
          payload: { name: 'Rex' },
          source: 'petstore',
          confidence: 1,
          version: 1,
          occurredAt: delta.occurredAt,
          deleted: false,
        },
        'getRecord after the first upsert',
      );
      checkEqual((await store.listRecords('pets')).length, 1, 'listRecords after one upsert');
      checkEqual(await store.recordCounts(), { pets: 1 }, 'recordCounts after one upsert');
      checkEqual(await store.eventCount(), 1, 'eventCount after one upsert');
    }),
);

const secondUpsertBumpsVersion: StoreScenario = defineScenario(
  'a second applied upsert bumps the version to 2 and takes the new payload and source',
  (options) =>
    withStore(options, async (store) => {
      const first = await store.applyDelta(
        upsertAt(1, 'a', { name: 'Ada' }, { source: 'crm' }),
        lww,
      );
      const second = await store.applyDelta(
        upsertAt(2, 'a', { name: 'Ada L.' }, { source: 'billing' }),
        lww,
      );
      check(second.version === 2, `the second upsert answered version ${second.version}`);
      check((second.position ?? 0) > (first.position ?? 0), 'log positions do not increase');
      checkEqual(
        pick(await store.getRecord('items', 'a'), ['payload', 'source', 'version']),
        { payload: { name: 'Ada L.' }, source: 'billing', version: 2 },
        'the record after a second upsert',
      );
    }),
);

const skippedStillLogged: StoreScenario = defineScenario(
  'a skipped delta leaves the record as it was but is still in the event log',
  (options) =>
    withStore(options, async (store) => {
      await store.applyDelta(upsertAt(1, 'a', { name: 'good' }), kitKeepFirst);
      const outcome = await store.applyDelta(upsertAt(2, 'a', { name: 'bad' }), kitKeepFirst);
      check(
        !outcome.applied && outcome.decision === 'skipped',
        `answered ${JSON.stringify(outcome)}`,
      );
      checkEqual(
        pick(await store.getRecord('items', 'a'), ['payload', 'version']),
        { payload: { name: 'good' }, version: 1 },
        'the record after a skipped delta',
      );
      checkEqual(await store.eventCount(), 2, 'eventCount after a skipped delta');
    }),
);

const mergeStoresMergedPayload: StoreScenario = defineScenario(
  "a merge stores the strategy's merged payload",
  (options) =>
    withStore(options, async (store) => {
      await store.applyDelta(upsertAt(1, 'a', { name: 'Ada', tags: ['x'] }), kitShallowMerge);
      const outcome = await store.applyDelta(upsertAt(2, 'a', { city: 'London' }), kitShallowMerge);
      check(outcome.decision === 'merged', `answered ${JSON.stringify(outcome)}`);
      checkEqual(
        pick(await store.getRecord('items', 'a'), ['payload', 'version']),
        { payload: { name: 'Ada', tags: ['x'], city: 'London' }, version: 2 },
        'the record after a merge',
      );
    }),
);

const deleteKeepsEvents: StoreScenario = defineScenario(
  'a delete removes the record from reads, keeps both events, and a newer upsert revives it',
  (options) =>
    withStore(options, async (store) => {
      await store.applyDelta(upsertAt(1, 'a', { name: 'Ada' }), lww);
      const deleted = await store.applyDelta(deleteAt(2, 'a'), lww);
      check(
        deleted.applied && deleted.version === 2,
        `the delete answered ${JSON.stringify(deleted)}`,
      );
      check(
        (await store.getRecord('items', 'a')) === undefined,
        'getRecord returns a deleted record',
      );
      checkEqual(await store.listRecords('items'), [], 'listRecords after a delete');
      checkEqual(await store.recordCounts(), { items: 0 }, 'recordCounts after a delete');
      checkEqual(await store.eventCount(), 2, 'eventCount after an upsert and a delete');
      const revived = await store.applyDelta(upsertAt(3, 'a', { name: 'back' }), lww);
      check(revived.version === 3, `a revived record is at version ${revived.version}, not 3`);
    }),
);

const strategiesSeeTombstones: StoreScenario = defineScenario(
  'strategies see nothing for a new record and a tombstone for a deleted one',
  (options) =>
    withStore(options, async (store) => {
      const spy = recordingStrategy(lww);
      await store.applyDelta(upsertAt(1, 'a', { name: 'Ada' }), spy);
      await store.applyDelta(deleteAt(5, 'a', { source: 'cleaner' }), spy);
      const late = await store.applyDelta(upsertAt(3, 'a', { name: 'late' }), spy);
      check(spy.seen[0] === undefined, 'the strategy was shown a record for a never-seen id');
      checkEqual(
        pick(spy.seen[2], ['deleted', 'payload', 'source', 'version', 'occurredAt']),
        { deleted: true, payload: null, source: 'cleaner', version: 2, occurredAt: timeAt(5) },
        'what the strategy was shown for a deleted record',
      );
      check(late.decision === 'skipped', 'a late, older upsert resurrected a deleted record');
      check((await store.getRecord('items', 'a')) === undefined, 'the deleted record came back');
    }),
);

/** Scenarios about what the projection holds: versions, skips, merges, deletes, tombstones. */
export const recordScenarios = {
  insertsAtVersionOne,
  secondUpsertBumpsVersion,
  skippedStillLogged,
  mergeStoresMergedPayload,
  deleteKeepsEvents,
  strategiesSeeTombstones,
} as const;
