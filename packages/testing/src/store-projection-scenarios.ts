import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConflictStrategy, Delta } from '@oxide-mirror/core';
import { defineScenario } from './contract-scenario';
import { check, checkEqual } from './contract-violation';
import { deleteAt, upsertAt } from './delta-builders';
import { kitKeepFirst } from './reference-strategies';
import { lww, rejectionOf, withStore, type StoreScenario } from './store-scenario-support';

/** Last-write-wins under another name and with options: a strategy the projection was not built with. */
const otherOptions: ConflictStrategy = { ...lww, options: { tieBreak: 'incoming' } };

/** Record `a`'s changes: two in order, a late older one, then a delete. */
function storyOfA(): Delta[] {
  return [
    upsertAt(1, 'a', { v: 1 }),
    upsertAt(3, 'a', { v: 3 }),
    upsertAt(2, 'a', { v: 2 }),
    deleteAt(4, 'a'),
  ];
}

const strategyOwnedByProjection: StoreScenario = defineScenario(
  'the projection owns its strategy: the first write records it, another is refused, a rebuild switches',
  (options) =>
    withStore(options, async (store) => {
      checkEqual(await store.projectionStrategy(), undefined, 'the strategy of an empty store');
      await store.applyDelta(upsertAt(1, 'a', { n: 1 }), lww);
      checkEqual(
        await store.projectionStrategy(),
        { name: lww.name },
        'the strategy recorded by the first write',
      );
      for (const other of [kitKeepFirst, otherOptions]) {
        const refusal = await rejectionOf(
          store.applyBatch([upsertAt(2, 'b', { n: 2 })], other, {
            cursor: { source: 'crm', resource: '*', cursor: 'after-b' },
          }),
          `a batch with strategy ${other.name} ${JSON.stringify(other.options ?? {})} was accepted`,
        );
        checkEqual(refusal.code, 'STRATEGY_MISMATCH', 'the error code of another strategy');
        const message = String((refusal as { message?: unknown }).message);
        check(
          message.includes(lww.name) && message.includes('rebuild --strategy'),
          `the refusal does not name the projection's strategy and the switch: ${message}`,
        );
      }
      checkEqual(await store.eventCount(), 1, 'eventCount after refused batches');
      checkEqual(await store.getCursor('crm'), undefined, 'the cursor of a refused batch');
      const report = await store.rebuild({ strategy: kitKeepFirst });
      checkEqual(report.strategy, kitKeepFirst.name, 'the strategy a rebuild reports');
      checkEqual(
        await store.projectionStrategy(),
        { name: kitKeepFirst.name },
        'the strategy recorded by a rebuild',
      );
      const after = await store.applyDelta(upsertAt(3, 'a', { n: 3 }), kitKeepFirst);
      checkEqual(after.decision, 'skipped', 'a delta projected with the switched-to strategy');
      const old = await rejectionOf(
        store.applyDelta(upsertAt(4, 'c', { n: 4 }), lww),
        'the strategy switched away from was still accepted',
      );
      checkEqual(old.code, 'STRATEGY_MISMATCH', 'the error code of the old strategy');
    }),
);

const strategyCheckedAtOpen: StoreScenario = defineScenario(
  'a store opened with another strategy than its projection was built with is refused',
  async (options) => {
    const dir = mkdtempSync(join(tmpdir(), 'oxide-mirror-store-contract-'));
    const path = join(dir, 'mirror.db');
    try {
      const first = await options.openStore(path, { strategy: lww });
      try {
        await first.applyDelta(upsertAt(1, 'a', { n: 1 }), lww);
      } finally {
        await first.close();
      }
      const refusal = await rejectionOf(
        options.openStore(path, { strategy: kitKeepFirst }).then((store) => store.close()),
        'a store opened with another strategy was accepted',
      );
      checkEqual(refusal.code, 'STRATEGY_MISMATCH', 'the error code of opening with another one');
      const again = await options.openStore(path, { strategy: lww });
      try {
        checkEqual((await again.getRecord('items', 'a'))?.payload, { n: 1 }, 'the record kept');
        const history = await again.history('items', 'a');
        checkEqual(history.length, 1, "history with the store's strategy");
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

const historyAndAsOf: StoreScenario = defineScenario(
  "history replays a record's events with their decisions; recordAt gives it as of a time",
  (options) =>
    withStore(options, async (store) => {
      await store.applyBatch([...storyOfA(), upsertAt(1, 'b', { v: 1 })], lww);
      const history = await store.history('items', 'a', { strategy: lww });
      checkEqual(
        history.map((entry) => [entry.decision, entry.version, entry.record?.payload]),
        [
          ['applied', 1, { v: 1 }],
          ['applied', 2, { v: 3 }],
          ['skipped', 2, { v: 3 }],
          ['applied', 3, undefined],
        ],
        'decisions, versions and records of the history',
      );
      checkEqual(
        history.map((entry) => entry.event.delta.occurredAt),
        storyOfA().map((delta) => delta.occurredAt),
        'the history in log order',
      );
      const at = (minute: number): string => upsertAt(minute, 'a', {}).occurredAt;
      checkEqual(await store.recordAt('items', 'a', at(0)), undefined, 'before the first change');
      checkEqual(
        (await store.recordAt('items', 'a', at(2), { strategy: lww }))?.payload,
        { v: 2 },
        'the record as of minute 2',
      );
      checkEqual(
        (await store.recordAt('items', 'a', at(3), { strategy: lww }))?.payload,
        { v: 3 },
        'the record as of minute 3',
      );
      checkEqual(
        await store.recordAt('items', 'a', at(5), { strategy: lww }),
        undefined,
        'deleted',
      );
    }),
);

const rebuildEqualsLive: StoreScenario = defineScenario(
  'a rebuild with the same strategy gives exactly the live records; events are kept',
  (options) =>
    withStore(options, async (store) => {
      await store.applyBatch(
        [
          ...storyOfA(),
          upsertAt(1, 'b', { v: 1 }, { resource: 'other' }),
          deleteAt(2, 'b', { resource: 'other' }),
          upsertAt(5, 'c', { v: 5 }),
          upsertAt(2, 'd', { v: 2 }),
        ],
        lww,
      );
      const live = [await store.listRecords('items'), await store.listRecords('other')];
      const report = await store.rebuild({ strategy: lww });
      checkEqual(
        { events: report.events, records: report.records },
        { events: 8, records: 2 },
        'the rebuild report',
      );
      checkEqual(
        [await store.listRecords('items'), await store.listRecords('other')],
        live,
        'records after the rebuild',
      );
      checkEqual(await store.eventCount(), 8, 'eventCount after the rebuild');
    }),
);

const redaction: StoreScenario = defineScenario(
  "redactRecord erases one record's payloads, removes it, and leaves the rest alone",
  (options) =>
    withStore(options, async (store) => {
      await store.applyBatch(
        [
          upsertAt(1, 'a', { email: 'ada@example.com' }),
          upsertAt(2, 'a', { email: 'ada@new.example.com' }),
          upsertAt(1, 'b', { email: 'bob@example.com' }),
        ],
        lww,
      );
      const refusal = await rejectionOf(
        store.redactRecord('items', 'a', { reason: ' ' }),
        'a redaction without a reason was accepted',
      );
      checkEqual(refusal.code, 'INVALID_DELTA', 'the error code of a redaction without a reason');
      const report = await store.redactRecord('items', 'a', { reason: 'deletion request #1' });
      checkEqual(report.eventsRedacted, 2, 'events redacted');
      check(Number.isInteger(report.auditId), 'the audit id is not an integer');
      checkEqual(await store.getRecord('items', 'a'), undefined, 'the redacted record');
      checkEqual(
        (await store.getRecord('items', 'b'))?.payload,
        { email: 'bob@example.com' },
        'another record',
      );
      const events = [];
      for await (const event of store.readEvents({ resource: 'items', recordId: 'a' })) {
        events.push(event);
      }
      checkEqual(events.length, 2, 'the events of the redacted record are kept');
      check(
        events.every((event) => event.redacted === true && event.delta.payload === null),
        'an event of the redacted record still carries its payload',
      );
      const answer = await store.query(
        "SELECT record_id FROM mirror_records WHERE resource = 'items' ORDER BY record_id",
      );
      checkEqual(answer, [{ record_id: 'b' }], 'the records read-only SQL sees after a redaction');
    }),
);

/** Scenarios about replaying the log: the strategy it owns, history, as-of, rebuild, redaction. */
export const projectionScenarios = {
  strategyOwnedByProjection,
  strategyCheckedAtOpen,
  historyAndAsOf,
  rebuildEqualsLive,
  redaction,
};
