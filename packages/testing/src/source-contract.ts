import { isDeepStrictEqual } from 'node:util';
import {
  defineScenario,
  registerScenarios,
  type ContractScenario,
  type SuiteOptions,
} from './contract-scenario';
import { check } from './contract-violation';
import { upstreamRecords, type UpstreamRecord } from './source-backend';
import { SourceHarness, type SourceHarnessOptions } from './source-harness';
import { timeAt } from './test-time';

/** Names of the source contract's scenarios, for {@link SourceContractOptions.skip}. */
export type SourceScenarioName =
  | 'mirrorsBackend'
  | 'validDeltas'
  | 'resumesAfterRestart'
  | 'samePageTwice'
  | 'equalTimestamps'
  | 'watermarkAcrossSyncs'
  | 'emptyPages'
  | 'deletes'
  | 'errorsSurface'
  | 'followsStream';

/**
 * How to run the source contract against one source: a factory of {@link SourceBackend}s and,
 * optionally, the store to sync into (SQLite by default). A backend without `remove` or without
 * `failAfter`/`recover` fails the `deletes` or `errorsSurface` scenario; skip it with a reason
 * when the source really cannot see deletes or the backend cannot fail.
 */
export interface SourceContractOptions
  extends SourceHarnessOptions, SuiteOptions<SourceScenarioName> {}

type Scenario = ContractScenario<SourceContractOptions>;

/** Text and numbers that trip up hand-written JSON, SQL or URL handling. */
const AWKWARD: readonly Pick<UpstreamRecord, 'name' | 'value'>[] = [
  { name: 'Zoë "the quoted" \\ backslash', value: 0 },
  { name: 'line\nbreak\ttab', value: -1.5 },
  { name: '日本語 🦀 emoji', value: 1e15 },
  { name: '', value: 0.1 },
  { name: "'; DROP TABLE mirror_events; --", value: -42 },
  { name: 'x'.repeat(2000), value: 123456789 },
];

const mirrorsBackend: Scenario = defineScenario(
  'a full sync mirrors every upstream record, across pages',
  (options) =>
    SourceHarness.run(options, async (h) => {
      const count = 2 * h.pageSize + 1;
      await h.put(upstreamRecords({ count }));
      const report = await h.sync();
      check(
        report.pulled - report.duplicates === count,
        `${count} upstream records gave ${report.pulled - report.duplicates} distinct deltas`,
      );
      check(
        report.pages >= 2,
        `${count} records, more than one page of ${h.pageSize}, came in ${report.pages} page(s): ` +
          'the source must page (or the backend states the wrong pageSize)',
      );
      await h.checkMirror('after a full sync');
    }),
);

const validDeltas: Scenario = defineScenario(
  "every delta passes core's validateDelta and keeps awkward text and numbers intact",
  (options) =>
    SourceHarness.run(options, async (h) => {
      const count = Math.max(AWKWARD.length, h.pageSize + 1);
      const records = upstreamRecords({ count }).map((record, i) => ({
        ...record,
        ...AWKWARD[i % AWKWARD.length],
      }));
      await h.put(records);
      await h.sync();
      await h.checkMirror('after syncing awkward values');
      const last = records[records.length - 1] as UpstreamRecord;
      if (h.backend.remove !== undefined) {
        await h.remove(last.id, timeAt(count + 1));
        await h.sync();
        await h.checkMirror('after syncing a delete');
      }
    }),
);

const resumesAfterRestart: Scenario = defineScenario(
  'resumes from the stored cursor after a restart, without re-pulling everything',
  (options) =>
    SourceHarness.run(options, async (h) => {
      const count = 2 * h.pageSize + 1;
      const records = upstreamRecords({ count });
      await h.put(records);
      await h.sync();
      await h.restart();
      const first = records[0] as UpstreamRecord;
      const changed = { ...first, name: `${first.name} (renamed)`, updatedAt: timeAt(count + 1) };
      const added = upstreamRecords({ count: 1, from: count, startMinute: count + 2 });
      await h.put([changed, ...added]);
      const report = await h.sync(
        'the sync after a restart failed, so the source did not resume from the stored cursor',
      );
      check(
        report.applied === 2,
        `after a restart, one changed and one new record applied ${report.applied} delta(s), not 2`,
      );
      const distinct = report.pulled - report.duplicates;
      check(
        distinct < count + 1,
        `after a restart the sync pulled ${report.pulled} deltas for ${count + 1} records of which ` +
          `2 changed: it did not resume from the stored cursor '${report.finalCursor ?? 'none'}'`,
      );
      check(
        report.pulled < count + 1,
        `after a restart the sync pulled ${report.pulled} deltas for ${count + 1} records of which ` +
          `2 changed, ${report.duplicates} of them exact duplicates of changes already stored: it ` +
          'resumed, but re-sends changes it has delivered (one on every page?); re-read only ' +
          'the boundary of the stored position, and never repeat a change on every page',
      );
      await h.checkMirror('after a restart');
    }),
);

const samePageTwice: Scenario = defineScenario(
  'a page delivered twice is stored once (the same upstream state gives the same deltas)',
  (options) =>
    SourceHarness.run(options, async (h) => {
      const count = 2 * h.pageSize + 1;
      await h.put(upstreamRecords({ count }));
      const firstPage = await h.syncFirstPageOnly();
      check(firstPage > 0, 'the first page of a non-empty backend was empty');
      await h.sync();
      const events = await h.store.eventCount();
      check(
        events === count,
        `the first page, delivered twice, left ${events} events for ${count} records: the source ` +
          'must give identical deltas for unchanged data (take occurredAt from the upstream ' +
          "record's update time, never from the clock)",
      );
      const versions = await h.versions();
      check(
        versions.every((version) => version === 1),
        `records were applied more than once (versions ${versions.join(', ')})`,
      );
      await h.checkMirror('after a page was delivered twice');
    }),
);

const equalTimestamps: Scenario = defineScenario(
  'records sharing one timestamp across page boundaries are neither lost nor stored twice',
  (options) =>
    SourceHarness.run(options, async (h) => {
      const size = h.pageSize;
      const count = 3 * size;
      // More than a page of records share one time, straddling the first two page boundaries:
      // a cursor made of the time alone either loses some of them or never moves past them.
      await h.put(upstreamRecords({ count, sameTime: [Math.max(0, size - 1), 2 * size + 1] }));
      const report = await h.sync();
      check(
        report.pulled - report.duplicates === count,
        `${count} records (${size + 2} with one timestamp) gave ` +
          `${report.pulled - report.duplicates} distinct deltas`,
      );
      const events = await h.store.eventCount();
      check(events === count, `${count} records left ${events} events`);
      await h.checkMirror('after syncing records with equal timestamps');
      await h.put(upstreamRecords({ count: 1, from: count, startMinute: count + 5 }));
      const next = await h.sync();
      check(next.applied === 1, `one new record then applied ${next.applied} delta(s)`);
      await h.checkMirror('after a later record');
    }),
);

const watermarkAcrossSyncs: Scenario = defineScenario(
  'a record sharing the last mirrored timestamp, or updated during a sync, reaches the mirror',
  (options) =>
    SourceHarness.run(options, async (h) => {
      const count = h.pageSize + 1;
      const records = upstreamRecords({ count });
      await h.put(records);
      await h.sync();
      const last = records[count - 1] as UpstreamRecord;
      // Written after the sync, with the same time as the newest record mirrored (the API's
      // clock ticks coarser than its writes): an exclusive bound on that time skips it forever.
      const late = upstreamRecords({
        count: 1,
        from: count,
        startMinute: count,
      })[0] as UpstreamRecord;
      await h.put([late]);
      await h.sync();
      check(
        (await h.mirrored(late)) !== undefined,
        `record ${late.id}, written after a sync with the same time (${late.updatedAt}) as the ` +
          `last record mirrored (${last.id}), was lost: the source resumes with an exclusive bound ` +
          'on time; resume with an inclusive bound (>=) and let the store drop what it already has',
      );
      const more = upstreamRecords({
        count: 2 * h.pageSize,
        from: count + 1,
        startMinute: count + 2,
      });
      await h.put(more);
      const first = records[0] as UpstreamRecord;
      const moved = {
        ...first,
        name: `${first.name} (edited mid-sync)`,
        updatedAt: timeAt(4 * count + 10),
      };
      await h.syncChangingAfter(1, () => h.put([moved]));
      await h.sync();
      const payload = await h.mirrored(moved);
      check(
        isDeepStrictEqual(payload, h.backend.expectedRecord(moved).payload),
        `record ${moved.id}, updated upstream while a sync ran, still holds ` +
          `${JSON.stringify(payload)} after that sync and the next one`,
      );
      await h.checkMirror('after writes at the watermark and during a sync');
    }),
);

const emptyPages: Scenario = defineScenario(
  'empty syncs work: an empty backend, then no changes, never lose later records',
  (options) =>
    SourceHarness.run(options, async (h) => {
      const empty = await h.sync();
      check(empty.applied === 0, `an empty backend applied ${empty.applied} delta(s)`);
      const count = h.pageSize + 1;
      await h.put(upstreamRecords({ count }));
      const filled = await h.sync();
      check(
        filled.applied === count,
        `after an empty first sync, ${count} new records applied ${filled.applied} delta(s)`,
      );
      const idle = await h.sync();
      check(idle.applied === 0, `a sync without upstream changes applied ${idle.applied} delta(s)`);
      check(
        (await h.store.eventCount()) === count,
        'a sync without upstream changes logged new events',
      );
      await h.put(upstreamRecords({ count: 1, from: count, startMinute: count + 5 }));
      const later = await h.sync();
      check(later.applied === 1, `after an idle sync, one new record applied ${later.applied}`);
      await h.checkMirror('after empty and idle syncs');
    }),
);

const deletes: Scenario = defineScenario(
  'an upstream delete removes the record from reads and keeps its events',
  (options) =>
    SourceHarness.run(options, async (h) => {
      check(
        h.backend.remove !== undefined,
        "the backend has no remove(): implement it, or skip this scenario with skip: { deletes: 'why' }",
      );
      const count = h.pageSize + 1;
      const records = upstreamRecords({ count });
      await h.put(records);
      await h.sync();
      const gone = records[1] as UpstreamRecord;
      await h.remove(gone.id, timeAt(count + 1));
      const report = await h.sync();
      check(report.applied === 1, `one upstream delete applied ${report.applied} delta(s)`);
      const target = h.backend.expectedRecord(gone);
      const read = await h.store.getRecord(target.resource, target.recordId);
      check(read === undefined, `the deleted record ${target.recordId} can still be read`);
      check(
        (await h.store.eventCount()) === count + 1,
        'the log does not hold the delete as one event',
      );
      await h.sync();
      await h.checkMirror('after a delete and another sync');
    }),
);

const errorsSurface: Scenario = defineScenario(
  'a backend error rejects the sync; earlier pages stay committed and the next sync resumes',
  (options) =>
    SourceHarness.run(options, async (h) => {
      const { failAfter, recover } = h.backend;
      check(
        failAfter !== undefined && recover !== undefined,
        'the backend has no failAfter()/recover(): implement them, or skip this scenario with ' +
          "skip: { errorsSurface: 'why' }",
      );
      const count = 3 * h.pageSize;
      await h.put(upstreamRecords({ count }));
      await failAfter.call(h.backend, 1);
      const failure = await h.syncExpectingFailure();
      const committed = failure.report.applied;
      check(committed > 0, 'the page pulled before the failure was not committed');
      const cause = failure.cause instanceof Error ? failure.cause.message : String(failure.cause);
      check(
        !/did not answer pull/.test(cause),
        'the failing pull hung until the engine timed it out, instead of rejecting',
      );
      const counts = Object.values(await h.store.recordCounts()).reduce((a, b) => a + b, 0);
      check(
        counts === committed,
        `the report says ${committed} applied, the mirror holds ${counts}`,
      );
      await recover.call(h.backend);
      const resumed = await h.sync();
      check(
        resumed.applied === count - committed,
        `after recovering, the sync applied ${resumed.applied} deltas; ${count - committed} were missing`,
      );
      check(
        resumed.pulled < count,
        `after recovering, the sync pulled ${resumed.pulled} of ${count} records: it must resume ` +
          'after the committed pages, not start over',
      );
      await h.checkMirror('after a failure and a recovery');
    }),
);

const followsStream: Scenario = defineScenario(
  'a live stream mirrors the backend, keeps its place across a restart and sends no change twice',
  (options) =>
    SourceHarness.run(options, async (h) => {
      // A pull-only source has no stream to check.
      if (!h.streams) return;
      const count = 2 * h.pageSize + 1;
      await h.put(upstreamRecords({ count }));
      await h.follow(() => h.put(upstreamRecords({ count: h.pageSize, from: count })));
      await h.checkMirror('after following the stream');
      const events = await h.store.eventCount();
      await h.restart();
      const more = upstreamRecords({ count: h.pageSize, from: count + h.pageSize });
      await h.put(more);
      await h.follow();
      check(
        h.streamCursors[0] !== undefined,
        'after a restart the stream was opened without a cursor: a stream must emit checkpoints ' +
          "(core's streamCheckpoint) so that a follower resumes where it stopped",
      );
      const added = (await h.store.eventCount()) - events;
      check(
        added === more.length,
        `after a restart the stream added ${added} events for ${more.length} new records: it ` +
          'sent changes the mirror already held again, or lost some',
      );
      await h.checkMirror('after following again after a restart');
    }),
);

/**
 * The source contract's scenarios, each callable on its own:
 * `await sourceScenarios.resumesAfterRestart.run({ createBackend })`.
 */
export const sourceScenarios: Readonly<Record<SourceScenarioName, Scenario>> = {
  mirrorsBackend,
  validDeltas,
  resumesAfterRestart,
  samePageTwice,
  equalTimestamps,
  watermarkAcrossSyncs,
  emptyPages,
  deletes,
  errorsSurface,
  followsStream,
};

/**
 * Registers the source contract as tests of the running test runner (Jest, Vitest, node:test). Each scenario drives a fresh {@link SourceBackend}
 * through core's `Syncer` into a real store file: a full sync mirrors the backend; a restart
 * resumes from the stored cursor; a page delivered twice is stored once; equal timestamps across
 * pages are neither lost nor doubled; a record written at the watermark's time after a sync, or
 * updated during one, still arrives; empty syncs are harmless; deletes land as tombstones;
 * backend errors reject the sync with earlier pages committed; every delta passes
 * `validateDelta`; and a source with a live stream mirrors the backend through it, resuming from
 * its checkpoints after a restart. Call it at the top level of a test file.
 *
 * @example
 * // test/contract.test.ts
 * import { runSourceContract } from '@oxide-mirror/testing';
 * runSourceContract('FakeshopSource', { createBackend: () => startFakeshopBackend() });
 */
export function runSourceContract(name: string, options: SourceContractOptions): void {
  registerScenarios(`${name} — source contract`, sourceScenarios, options, 60_000);
}
