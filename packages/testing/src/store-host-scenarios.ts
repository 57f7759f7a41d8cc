import { defineScenario } from './contract-scenario';
import { check, checkEqual } from './contract-violation';
import { upsertAt } from './delta-builders';
import { lww, rejectionOf, withStore, type StoreScenario } from './store-scenario-support';

const sourceLocks: StoreScenario = defineScenario(
  'lockSource lets one sync of a source run at a time, others go on, a released lock is free',
  (options) =>
    withStore(options, async (store) => {
      const held = await store.lockSource('crm');
      const refusal = await rejectionOf(
        store.lockSource('crm'),
        'a held source lock was taken twice',
      );
      checkEqual(refusal.code, 'SYNC_IN_PROGRESS', 'the error code of a held lock');
      const other = await store.lockSource('billing');
      await other.release();
      await held.release();
      await held.release();
      const again = await store.lockSource('crm');
      await again.release();
    }),
);

const syncRunLog: StoreScenario = defineScenario(
  'the sync-run log records runs from start to end, and sums up each source',
  (options) =>
    withStore(options, async (store) => {
      checkEqual(await store.syncRunSummaries(), [], 'summaries of a store without runs');
      const first = await store.startSyncRun('crm', undefined);
      const running = await store.syncRun(first);
      checkEqual(
        { outcome: running?.outcome, finishedAt: running?.finishedAt },
        { outcome: 'running', finishedAt: undefined },
        'a started run',
      );
      const report = {
        source: 'crm',
        pulled: 3,
        applied: 2,
        skipped: 1,
        duplicates: 0,
        rejected: 0,
        pages: 2,
        perResource: { items: { pulled: 3, applied: 2, skipped: 1, rejected: 0 } },
      };
      const done = await store.finishSyncRun(first, {
        outcome: 'ok',
        report,
        cursorAfter: 'page-2',
        error: undefined,
      });
      checkEqual(
        [done.outcome, done.pages, done.pulled, done.applied, done.skipped, done.cursorAfter],
        ['ok', 2, 3, 2, 1, 'page-2'],
        'a finished run',
      );
      checkEqual(done.perResource, report.perResource, 'per-resource tallies of a run');
      check(
        done.finishedAt !== undefined && Date.parse(done.finishedAt) >= Date.parse(done.startedAt),
        'a run that finished before it started',
      );
      const second = await store.startSyncRun('crm', 'page-2');
      await store.finishSyncRun(second, {
        outcome: 'failed',
        report: undefined,
        cursorAfter: 'page-2',
        error: 'the server said 500',
      });
      const billing = await store.startSyncRun('billing', undefined);
      const summaries = await store.syncRunSummaries();
      checkEqual(
        summaries.map((summary) => [summary.source, summary.lastRun.id, summary.lastRun.outcome]),
        [
          ['billing', billing, 'running'],
          ['crm', second, 'failed'],
        ],
        'the latest run per source',
      );
      const crm = summaries[1];
      checkEqual(
        [crm?.lastSuccessAt, crm?.lastError, crm?.lastErrorAt, crm?.lastRun.cursorBefore],
        [done.finishedAt, 'the server said 500', crm?.lastRun.startedAt, 'page-2'],
        "crm's latest success and error",
      );
      const stopped = await store.finishSyncRun(billing, {
        outcome: 'interrupted',
        report: { ...report, source: 'billing', pages: 1 },
        cursorAfter: 'page-1',
        error: undefined,
      });
      checkEqual(
        [stopped.outcome, stopped.pages, stopped.error],
        ['interrupted', 1, undefined],
        'a run stopped on request keeps what it committed',
      );
      checkEqual(
        (await store.recentSyncRuns(2)).map((run) => [run.id, run.source, run.outcome]),
        [
          [billing, 'billing', 'interrupted'],
          [second, 'crm', 'failed'],
        ],
        'the latest runs, newest first',
      );
      checkEqual(
        (await store.recentSyncRuns(10)).length,
        3,
        'every run when the limit exceeds them',
      );
      const badLimit = await rejectionOf(
        store.recentSyncRuns(-1),
        'recent sync runs answered a negative limit',
      );
      checkEqual(badLimit.code, 'INVALID_OPTIONS', 'the error code of a negative limit');
    }),
);

const rejectsKept: StoreScenario = defineScenario(
  'rejected records are kept with their raw JSON and reason, counted, and leave when re-applied',
  (options) =>
    withStore(options, async (store) => {
      const bad = { ...upsertAt(1, 'b', { n: 1 }), occurredAt: 'yesterday' };
      const outcomes = await store.applyBatch([upsertAt(1, 'a', { n: 1 }), bad], lww, {
        onInvalid: 'reject',
        source: 'crm',
        rejects: [
          { resource: 'items', raw: { id: null, big: 12345678901234567890n }, reason: 'no id' },
        ],
      });
      checkEqual(
        outcomes.map((outcome) => outcome.decision),
        ['applied', 'rejected'],
        'the outcomes of a batch with an invalid delta',
      );
      const rejects = await store.listRejects();
      checkEqual(
        rejects.map(({ source, resource, recordId, kind }) => ({
          source,
          resource,
          recordId,
          kind,
        })),
        [
          { source: 'test-source', resource: 'items', recordId: 'b', kind: 'delta' },
          { source: 'crm', resource: 'items', recordId: null, kind: 'record' },
        ],
        'the rejects, oldest first',
      );
      check(
        rejects[0]?.reason.includes('occurredAt') === true,
        `the reason of a reject does not name the field: ${rejects[0]?.reason}`,
      );
      check(
        rejects[1]?.raw.includes('12345678901234567890') === true,
        `the raw JSON of a reject lost digits: ${rejects[1]?.raw}`,
      );
      checkEqual(await store.rejectCounts(), { 'test-source': 1, crm: 1 }, 'rejectCounts');
      checkEqual((await store.listRejects({ source: 'crm' })).length, 1, "one source's rejects");
      const first = rejects[0];
      if (first === undefined) return;
      await store.applyBatch([upsertAt(1, 'b', { n: 1 })], lww, { resolvesRejects: [first.id] });
      checkEqual(
        (await store.listRejects()).map((reject) => reject.kind),
        ['record'],
        'the rejects left after one was re-applied',
      );
      checkEqual(await store.eventCount(), 2, 'eventCount after a reject was re-applied');
    }),
);

const writableFlag: StoreScenario = defineScenario(
  'a store opened to write says it is not read-only',
  (options) =>
    withStore(options, async (store) => {
      checkEqual(store.readOnly, false, 'readOnly of a writable store');
    }),
);

/** Scenarios about what hosts keep in the store: locks, sync runs, rejects. */
export const hostScenarios = { sourceLocks, syncRunLog, rejectsKept, writableFlag };
