import { deepStrictEqual } from 'node:assert/strict';
import type {
  ConflictStrategy,
  Decision,
  Delta,
  DeltaOp,
  JsonObject,
  MirrorChange,
  MirrorStore,
  MirroredRecord,
} from '@oxide-mirror/core';
import { jsonCopy } from './json-snapshot';
import { sqliteStoreOpener, type OpenStore } from './open-store';

/** One entry of a record's history, as the store's `changes()` feed reported it. */
export interface HistoryEntry {
  op: DeltaOp;
  source: string;
  occurredAt: string;
  payload: JsonObject | null;
  decision: Exclude<Decision, 'duplicate'>;
  /** The record's version after the event, when the event changed it. */
  version?: number;
}

/** What projecting the given and when deltas produced, for custom assertions. */
export interface ProjectionOutcome {
  /** Live records of every resource the log touched, by resource, ordered by record id. */
  records: Record<string, MirroredRecord[]>;
  /** The decision for each `when` delta, in order (`duplicate` for a re-sent one). */
  decisions: Decision[];
  /** Every committed event, given and when, in log order. */
  changes: MirrorChange[];
  /** Events in the log. */
  eventCount: number;
}

/** The deltas that happen before the ones under test. */
export interface ProjectionGiven {
  /** More deltas already in the log; each `given` call commits as one batch. */
  given(...deltas: Delta[]): ProjectionGiven;
  /** The deltas under test, committed as one batch after everything given. */
  when(...deltas: Delta[]): ProjectionThen;
}

/**
 * The expectations. Each `then…` projects the whole log into a fresh store, so they can be
 * called in any number and order.
 */
export interface ProjectionThen {
  /**
   * Expects exactly these live records in `resource` (ordered by record id), each matching on
   * the fields it names. Also re-projects the same log one delta at a time into another fresh
   * store and expects the same records: batching must never change what a log projects to.
   */
  thenRecords(
    resource: string,
    expected: readonly (Partial<MirroredRecord> & { recordId: string })[],
  ): Promise<void>;
  /** Expects these decisions for the `when` deltas, in order. */
  thenDecisions(expected: readonly Decision[]): Promise<void>;
  /** Expects this history of one record (every logged event, skipped ones too), in log order. */
  thenHistory(
    resource: string,
    recordId: string,
    expected: readonly Partial<HistoryEntry>[],
  ): Promise<void>;
  /** Expects this many events in the log. */
  thenEventCount(expected: number): Promise<void>;
  /** Projects and returns everything, for assertions the helpers above do not cover. */
  run(): Promise<ProjectionOutcome>;
}

/** Options of {@link projectionSpec}. */
export interface ProjectionSpecOptions {
  /** Store to project into; defaults to an in-memory SQLite store on a fake clock. */
  openStore?: OpenStore;
}

/**
 * Given/when/then specs for projections through a real store: given deltas already in the log,
 * when more arrive, then the records, decisions or history are as expected.
 *
 * @example
 * await projectionSpec(new LastWriteWins())
 *   .given(upsertAt(1, 'a', { name: 'Ada' }), deleteAt(5, 'a'))
 *   .when(upsertAt(3, 'a', { name: 'late' }))
 *   .thenRecords('items', []); // the late, older upsert cannot resurrect the record
 */
export function projectionSpec(
  strategy: ConflictStrategy,
  options: ProjectionSpecOptions = {},
): ProjectionGiven {
  const openStore = options.openStore ?? sqliteStoreOpener();
  const build = (batches: readonly (readonly Delta[])[]): ProjectionGiven => ({
    given: (...deltas) => build([...batches, deltas]),
    when: (...deltas) => thenSteps(strategy, openStore, batches, deltas),
  });
  return build([]);
}

function thenSteps(
  strategy: ConflictStrategy,
  openStore: OpenStore,
  given: readonly (readonly Delta[])[],
  when: readonly Delta[],
): ProjectionThen {
  const run = () => project(strategy, openStore, given, when);
  return {
    run,
    async thenRecords(resource, expected) {
      const outcome = await run();
      const actual = outcome.records[resource] ?? [];
      deepStrictEqual(
        jsonCopy(actual.map((record, i) => pick(record, expected[i] ?? record))),
        jsonCopy(expected),
      );
      const oneByOne = await project(
        strategy,
        openStore,
        [...given, ...when].flat().map((delta) => [delta]),
        [],
      );
      // lastSyncedAt is the store's clock, not the log's: leave it out of the comparison.
      deepStrictEqual(
        withoutSyncTimes(oneByOne.records[resource] ?? []),
        withoutSyncTimes(actual),
        'the same log, projected one delta at a time, gave other records',
      );
    },
    async thenDecisions(expected) {
      deepStrictEqual((await run()).decisions, [...expected]);
    },
    async thenHistory(resource, recordId, expected) {
      const history = (await run()).changes
        .filter(({ delta }) => delta.resource === resource && delta.recordId === recordId)
        .map(historyEntryOf);
      deepStrictEqual(
        jsonCopy(history.map((entry, i) => pick(entry, expected[i] ?? entry))),
        jsonCopy(expected),
      );
    },
    async thenEventCount(expected) {
      deepStrictEqual((await run()).eventCount, expected);
    },
  };
}

async function project(
  strategy: ConflictStrategy,
  openStore: OpenStore,
  given: readonly (readonly Delta[])[],
  when: readonly Delta[],
): Promise<ProjectionOutcome> {
  const store = await openStore();
  const changes: MirrorChange[] = [];
  const subscription = store.changes().subscribe((change) => changes.push(change));
  try {
    for (const batch of given) await store.applyBatch(batch, strategy);
    const outcomes = when.length > 0 ? await store.applyBatch(when, strategy) : [];
    return {
      records: await liveRecords(store, [...given.flat(), ...when]),
      decisions: outcomes.map((outcome) => outcome.decision),
      changes,
      eventCount: await store.eventCount(),
    };
  } finally {
    subscription.unsubscribe();
    await store.close();
  }
}

async function liveRecords(
  store: MirrorStore,
  deltas: readonly Delta[],
): Promise<Record<string, MirroredRecord[]>> {
  const records: Record<string, MirroredRecord[]> = {};
  for (const resource of new Set(deltas.map((delta) => delta.resource))) {
    records[resource] = await store.listRecords(resource);
  }
  return records;
}

function historyEntryOf({ delta, decision, version }: MirrorChange): HistoryEntry {
  const entry: HistoryEntry = {
    op: delta.op,
    source: delta.provenance.source,
    occurredAt: delta.occurredAt,
    payload: delta.payload,
    decision,
  };
  if (version !== undefined) entry.version = version;
  return entry;
}

function withoutSyncTimes(records: readonly MirroredRecord[]): unknown[] {
  return records.map(({ lastSyncedAt: _, ...rest }) => jsonCopy(rest));
}

/** The fields of `value` that `expected` names, so partial expectations compare with a diff. */
function pick<T extends object>(value: T, expected: object): Partial<T> {
  return Object.fromEntries(
    Object.keys(expected).map((key) => [key, value[key as keyof T]]),
  ) as Partial<T>;
}
