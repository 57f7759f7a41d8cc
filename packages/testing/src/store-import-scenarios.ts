import type { MirrorStore, StoredEvent } from '@oxide-mirror/core';
import { defineScenario } from './contract-scenario';
import { check, checkEqual } from './contract-violation';
import { deleteAt, upsertAt } from './delta-builders';
import { lww, rejectionOf, withStore, type StoreScenario } from './store-scenario-support';

/** Every event of the log, in order. */
async function eventsOf(store: MirrorStore): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of store.readEvents()) events.push(event);
  return events;
}

/** An event without its position: what an import keeps. */
function identityOf({ position: _position, ...rest }: StoredEvent): Omit<StoredEvent, 'position'> {
  return rest;
}

/** A mirror with applied, skipped, deleted, erased and rejected changes, cursors and rejects. */
async function fillOriginal(store: MirrorStore): Promise<void> {
  await store.applyBatch(
    [
      upsertAt(1, 'a', { name: 'Ada', big: 12345678901234567890n }),
      upsertAt(2, 'b', { name: 'Bob' }, { confidence: 0.5 }),
      upsertAt(3, 'c', { email: 'cy@example.com' }),
    ],
    lww,
    { cursor: { source: 'crm', resource: '*', cursor: 'page-1' } },
  );
  await store.applyBatch(
    [upsertAt(0, 'a', { name: 'late and older' }), deleteAt(4, 'b'), upsertAt(5, 'a', { n: 2 })],
    lww,
    {
      onInvalid: 'reject',
      source: 'crm',
      rejects: [
        { resource: 'items', raw: { id: null, big: 98765432109876543210n }, reason: 'no id' },
      ],
      cursor: { source: 'crm', resource: 'items', cursor: 'c-9' },
    },
  );
  await store.redactRecord('items', 'c', { reason: 'deletion request' });
  const run = await store.startSyncRun('crm', 'page-1');
  await store.finishSyncRun(run, {
    outcome: 'partial',
    report: undefined,
    cursorAfter: 'c-9',
    error: 'one page failed',
  });
}

const importKeepsIdentities: StoreScenario = defineScenario(
  "importBatch copies another mirror's events with their identities, its cursors, rejects and sync runs, and projects the same records",
  (options) =>
    withStore(options, async (original) => {
      await fillOriginal(original);
      const events = await eventsOf(original);
      await withStore(options, async (copy) => {
        await copy.importBatch({ events: events.slice(0, 2) }, lww);
        await copy.importBatch(
          {
            events: events.slice(2),
            cursors: await original.listCursors(),
            rejects: await original.listRejects(),
            syncRuns: await original.recentSyncRuns(10),
          },
          lww,
        );
        const copied = await eventsOf(copy);
        checkEqual(copied.map(identityOf), events.map(identityOf), 'the imported events');
        check(
          copied.every(
            (event, i) => i === 0 || event.position > (copied[i - 1] as StoredEvent).position,
          ),
          'the imported events are not in increasing position order',
        );
        checkEqual(copied.filter((event) => event.redacted === true).length, 1, 'erased events');
        for (const resource of await original.listResources()) {
          checkEqual(
            await copy.listRecords(resource),
            await original.listRecords(resource),
            `the live records of ${resource} after an import`,
          );
        }
        checkEqual(await copy.listCursors(), await original.listCursors(), 'the imported cursors');
        const withoutId = (list: Awaited<ReturnType<MirrorStore['listRejects']>>) =>
          list.map(({ id: _id, ...rest }) => rest);
        checkEqual(
          withoutId(await copy.listRejects()),
          withoutId(await original.listRejects()),
          'the imported rejects',
        );
        checkEqual(
          await copy.projectionStrategy(),
          await original.projectionStrategy(),
          "the copy's recorded strategy",
        );
        checkEqual(
          (await copy.history('items', 'a')).map((entry) => entry.decision),
          (await original.history('items', 'a')).map((entry) => entry.decision),
          "a record's history in the copy",
        );
        checkEqual(
          await copy.recentSyncRuns(10),
          await original.recentSyncRuns(10),
          'the imported sync runs',
        );
        // A reject, a cursor and a run already kept are taken again without a second row.
        await copy.importBatch(
          {
            cursors: await original.listCursors(),
            rejects: await original.listRejects(),
            syncRuns: await original.recentSyncRuns(10),
          },
          lww,
        );
        checkEqual((await copy.listRejects()).length, 1, 'rejects after importing them twice');
        checkEqual(
          (await copy.recentSyncRuns(10)).length,
          1,
          'sync runs after importing them twice',
        );
        const imported = (await original.recentSyncRuns(1))[0]?.id ?? 0;
        const next = await copy.startSyncRun('crm', undefined);
        check(
          next > imported,
          `a run started after an import got id ${next}, not above ${imported}`,
        );
      });
    }),
);

const importRefusesWhatItCannotKeep: StoreScenario = defineScenario(
  'importBatch refuses events already logged or out of order and runs not ended, and keeps recordedAt as given',
  (options) =>
    withStore(options, async (original) => {
      await original.applyBatch([upsertAt(1, 'a', { n: 1 }), upsertAt(2, 'b', { n: 2 })], lww);
      const events = await eventsOf(original);
      const [first, second] = events as [StoredEvent, StoredEvent];
      await withStore(options, async (copy) => {
        const given = '2001-02-03T04:05:06.789Z';
        await copy.importBatch({ events: [{ ...first, recordedAt: given }] }, lww);
        checkEqual(
          (await copy.getRecord('items', 'a'))?.lastSyncedAt,
          given,
          'lastSyncedAt of an imported event',
        );
        checkEqual((await eventsOf(copy))[0]?.recordedAt, given, 'recordedAt of an imported event');
        const again = await rejectionOf(
          copy.importBatch({ events: [first, second] }, lww),
          'an import of an event already in the log was accepted',
        );
        checkEqual(again.code, 'IMPORT_REFUSED', 'the error code of an import of a logged event');
        checkEqual(await copy.eventCount(), 1, 'events after a refused import');
        checkEqual(await copy.getRecord('items', 'b'), undefined, 'a record of a refused import');
        const disordered = await rejectionOf(
          copy.importBatch({ events: [second, { ...first, eventId: 'f'.repeat(40) }] }, lww),
          'an import of events out of order was accepted',
        );
        checkEqual(disordered.code, 'IMPORT_REFUSED', 'the error code of events out of order');
        checkEqual(await copy.eventCount(), 1, 'events after an import out of order');
        const id = await original.startSyncRun('crm', undefined);
        const running = await rejectionOf(
          copy.importBatch({ events: [second], syncRuns: await original.recentSyncRuns(1) }, lww),
          'an import of a sync run that has not ended was accepted',
        );
        checkEqual(running.code, 'IMPORT_REFUSED', 'the error code of a run that has not ended');
        checkEqual(await copy.eventCount(), 1, 'events after an import with a running run');
        await original.finishSyncRun(id, {
          outcome: 'ok',
          report: undefined,
          cursorAfter: undefined,
          error: undefined,
        });
      });
    }),
);

/** Scenarios about importing another mirror's log (moving a mirror between stores). */
export const importScenarios = { importKeepsIdentities, importRefusesWhatItCannotKeep };
