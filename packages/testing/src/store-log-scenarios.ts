import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConflictStrategy, MirrorChange, MirroredRecord } from '@oxide-mirror/core';
import { defineScenario } from './contract-scenario';
import { check, checkEqual } from './contract-violation';
import { deleteAt, upsertAt } from './delta-builders';
import { lww, rejectionOf, withStore, type StoreScenario } from './store-scenario-support';

const cursorsRoundTrip: StoreScenario = defineScenario(
  "cursors round-trip and are deleted per source and resource; an unknown one is undefined; '*' is the default",
  (options) =>
    withStore(options, async (store) => {
      check((await store.getCursor('crm')) === undefined, 'an unknown cursor is not undefined');
      await store.setCursor('crm', '*', 'page-7');
      await store.setCursor('crm', 'contacts', 'c-3');
      checkEqual(await store.getCursor('crm'), 'page-7', "getCursor('crm') (resource '*')");
      checkEqual(await store.getCursor('crm', 'contacts'), 'c-3', 'a per-resource cursor');
      checkEqual(await store.getCursor('billing'), undefined, "another source's cursor");
      await store.setCursor('crm', '*', 'page-8');
      checkEqual(await store.getCursor('crm', '*'), 'page-8', 'an overwritten cursor');
      await store.applyBatch([upsertAt(1, 'a', { n: 1 })], lww, {
        cursor: { source: 'crm', resource: '*', cursor: 'page-9' },
      });
      checkEqual(await store.getCursor('crm'), 'page-9', 'a cursor stored with a batch');
      await store.setCursor('billing', '*', 'b-1');
      checkEqual(await store.deleteCursors('crm', 'contacts'), 1, 'deleting one resource cursor');
      checkEqual(await store.getCursor('crm', 'contacts'), undefined, 'a deleted cursor');
      checkEqual(await store.getCursor('crm'), 'page-9', 'a cursor of another resource');
      checkEqual(await store.deleteCursors('crm'), 1, "deleting the source's remaining cursors");
      checkEqual(await store.getCursor('crm'), undefined, 'a cursor of a source reset');
      checkEqual(await store.getCursor('billing'), 'b-1', "another source's cursor after a reset");
      checkEqual(await store.deleteCursors('crm'), 0, 'deleting cursors that are gone');
    }),
);

const idempotentAppends: StoreScenario = defineScenario(
  're-sent deltas are recognised and not applied twice; changed ones are new',
  (options) =>
    withStore(options, async (store) => {
      const delta = upsertAt(1, 'a', { name: 'Ada' });
      await store.applyDelta(delta, lww);
      const again = await store.applyDelta(structuredClone(delta), lww);
      checkEqual(again, { applied: false, decision: 'duplicate' }, 'a re-sent delta');
      const retrusted = { ...delta, provenance: { ...delta.provenance, confidence: 0.5 } };
      const sameChange = await store.applyDelta(retrusted, lww);
      check(sameChange.decision === 'duplicate', 'a re-sent delta with another confidence was new');
      const inBatch = await store.applyBatch(
        [upsertAt(2, 'b', { n: 1 }), upsertAt(2, 'b', { n: 1 })],
        lww,
      );
      checkEqual(
        inBatch.map((outcome) => outcome.decision),
        ['applied', 'duplicate'],
        'a duplicate within a batch',
      );
      await store.applyDelta(upsertAt(1, 'a', { name: 'Ada!' }), lww);
      checkEqual(await store.eventCount(), 3, 'eventCount after re-sent and changed deltas');
      checkEqual(
        (await store.getRecord('items', 'b'))?.version,
        1,
        'the version of a record sent twice',
      );
    }),
);

const batchAtomicity: StoreScenario = defineScenario(
  'a batch with an invalid delta or a failing strategy writes nothing, cursor included',
  (options) =>
    withStore(options, async (store) => {
      const bad = { ...upsertAt(2, 'b', { n: 2 }), recordId: '' };
      const cursor = { source: 'crm', resource: '*', cursor: 'after-b' };
      // One strategy for both batches: the projection keeps one.
      const throwing: ConflictStrategy = {
        name: 'throws-on-b',
        resolve: (_existing, incoming) => {
          if (incoming.recordId === 'b') throw new Error('boom');
          return { kind: 'apply' };
        },
      };
      const invalid = await rejectionOf(
        store.applyBatch([upsertAt(1, 'a', { n: 1 }), bad], throwing, { cursor }),
        'a batch holding an invalid delta was accepted',
      );
      checkEqual(invalid.code, 'INVALID_DELTA', 'the error code of an invalid delta');
      check(
        (invalid as { field?: unknown }).field === 'recordId',
        'the error does not name recordId',
      );
      const failed = await rejectionOf(
        store.applyBatch([upsertAt(1, 'a', { n: 1 }), upsertAt(1, 'b', { n: 2 })], throwing, {
          cursor,
        }),
        'a batch whose strategy threw was accepted',
      );
      checkEqual(failed.code, 'STRATEGY_FAILED', 'the error code of a throwing strategy');
      checkEqual(await store.eventCount(), 0, 'events left by failed batches');
      checkEqual(await store.getRecord('items', 'a'), undefined, 'a record left by a failed batch');
      checkEqual(await store.getCursor('crm'), undefined, 'a cursor left by a failed batch');
    }),
);

const changesAfterCommit: StoreScenario = defineScenario(
  'changes() reports every committed event after commit, and nothing of a failed batch',
  (options) =>
    withStore(options, async (store) => {
      const seen: MirrorChange[] = [];
      const readable: Promise<boolean>[] = [];
      const subscription = store.changes().subscribe((change) => {
        seen.push(change);
        const { resource, recordId } = change.delta;
        readable.push(store.getRecord(resource, recordId).then((record) => record !== undefined));
      });
      try {
        await rejectionOf(
          store.applyBatch(
            [upsertAt(1, 'x', { n: 0 }), { ...upsertAt(1, 'y', {}), op: 'nope' } as never],
            lww,
          ),
          'a batch holding an invalid delta was accepted',
        );
        check(seen.length === 0, 'changes() reported events of a batch that failed');
        const newer = upsertAt(5, 'a', { n: 5 });
        await store.applyBatch(
          [newer, upsertAt(1, 'a', { n: 1 }), newer, upsertAt(2, 'b', { n: 2 })],
          lww,
        );
        checkEqual(
          seen.map(({ delta, decision, version }) => ({ id: delta.recordId, decision, version })),
          [
            { id: 'a', decision: 'applied', version: 1 },
            { id: 'a', decision: 'skipped', version: undefined },
            { id: 'b', decision: 'applied', version: 1 },
          ],
          'what changes() reported (a re-sent delta is not an event)',
        );
        const positions = seen.map((change) => change.position);
        check(
          positions.every((position, i) => i === 0 || position > (positions[i - 1] ?? 0)),
          `positions ${positions.join(', ')} do not increase`,
        );
        check(
          (await Promise.all(readable)).every(Boolean),
          'a reported change was not yet readable',
        );
      } finally {
        subscription.unsubscribe();
      }
    }),
);

const persistsAcrossReopen: StoreScenario = defineScenario(
  'a store file keeps records, events, tombstones, cursors and identities when reopened',
  async (options) => {
    const dir = mkdtempSync(join(tmpdir(), 'oxide-mirror-store-contract-'));
    const path = join(dir, 'mirror.db');
    try {
      const sent = upsertAt(1, 'a', { name: 'Ada' });
      const first = await options.openStore(path);
      let before: MirroredRecord[];
      try {
        await first.applyBatch([sent, upsertAt(2, 'b', { name: 'Bob' })], lww, {
          cursor: { source: 'crm', resource: '*', cursor: 'after-b' },
        });
        await first.applyDelta(deleteAt(3, 'b'), lww);
        before = await first.listRecords('items');
      } finally {
        await first.close();
      }
      const second = await options.openStore(path);
      try {
        checkEqual(await second.listRecords('items'), before, 'records after reopening');
        checkEqual(await second.eventCount(), 3, 'eventCount after reopening');
        checkEqual(await second.getCursor('crm'), 'after-b', 'the cursor after reopening');
        const again = await second.applyDelta(sent, lww);
        checkEqual(again.decision, 'duplicate', 'a delta re-sent after reopening');
        const late = await second.applyDelta(upsertAt(2.5, 'b', { name: 'late' }), lww);
        checkEqual(
          late.decision,
          'skipped',
          'an older upsert of a record deleted before reopening',
        );
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

const resources: StoreScenario = defineScenario(
  'registered and seen resources are listed, sorted, with zero counts for empty ones',
  (options) =>
    withStore(options, async (store) => {
      await store.registerResource('tickets');
      await store.applyDelta(upsertAt(1, '1', { name: 'Rex' }, { resource: 'pets' }), lww);
      checkEqual(await store.listResources(), ['pets', 'tickets'], 'listResources');
      checkEqual(await store.recordCounts(), { pets: 1, tickets: 0 }, 'recordCounts');
      checkEqual(await store.eventCount('tickets'), 0, "eventCount('tickets')");
    }),
);

const readOnlyQuery: StoreScenario = defineScenario(
  'query() and runQuery() answer reads with typed values in column order and refuse writes',
  (options) =>
    withStore(options, async (store) => {
      await store.applyDelta(upsertAt(1, 'a', { n: 1 }), lww);
      const rows = await store.query("SELECT 1 AS one, 'two' AS two, 2.5 AS three");
      checkEqual(rows, [{ one: 1, two: 'two', three: 2.5 }], 'a constant SELECT');
      checkEqual(Object.keys(rows[0] ?? {}), ['one', 'two', 'three'], 'column order');
      const same = await store.runQuery("SELECT 1 AS a, 'x' AS a");
      checkEqual(
        { columns: same.columns, rows: same.rows, truncated: same.truncated },
        { columns: ['a', 'a'], rows: [[1, 'x']], truncated: undefined },
        'runQuery with two columns of one name',
      );
      const counting =
        'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10) SELECT x FROM n';
      const cut = await store.runQuery(counting, undefined, { maxRows: 3 });
      checkEqual(
        { rows: cut.rows, truncated: cut.truncated },
        { rows: [[1], [2], [3]], truncated: 'rows' },
        'runQuery cut off at maxRows 3',
      );
      for (const sql of ['DROP TABLE mirror_events', 'SELECT 1; DROP TABLE mirror_events']) {
        const refusal = await rejectionOf(
          store.query(sql),
          `query(${JSON.stringify(sql)}) should be refused`,
        );
        checkEqual(
          refusal.code,
          'QUERY_NOT_READ_ONLY',
          `the error code for ${JSON.stringify(sql)}`,
        );
      }
      checkEqual(await store.eventCount(), 1, 'eventCount after refused writes');
    }),
);

const closedStore: StoreScenario = defineScenario(
  'a closed store refuses use with STORE_CLOSED and can be closed again',
  async (options) => {
    const store = await options.openStore();
    await store.close();
    const refusal = await rejectionOf(
      Promise.resolve().then(() => store.applyDelta(upsertAt(1, 'a', { n: 1 }), lww)),
      'a closed store accepted a delta',
    );
    checkEqual(refusal.code, 'STORE_CLOSED', 'the error code of a closed store');
    await store.close();
  },
);

/** Scenarios about the log and the store around it: cursors, identity, atomicity, feed, files. */
export const logScenarios = {
  cursorsRoundTrip,
  idempotentAppends,
  batchAtomicity,
  changesAfterCommit,
  persistsAcrossReopen,
  resources,
  readOnlyQuery,
  closedStore,
} as const;
