import { deepStrictEqual, fail } from 'node:assert/strict';
import {
  nextRecordState,
  type ConflictStrategy,
  type Delta,
  type JsonObject,
  type MirroredRecord,
  type Resolution,
} from '@oxide-mirror/core';
import { describeError } from './contract-violation';
import { deepFreeze, jsonCopy } from './json-snapshot';
import { resolutionProblem } from './resolution-check';

/** The record state before the delta arrives: a record, a tombstone, or nothing. */
export interface StrategyGiven {
  /** The delta that arrives. */
  whenDelta(delta: Delta): StrategyThen;
}

/**
 * The expectations about one resolution. Every `then…` resolves the delta anew on deep-frozen
 * copies, so a strategy that writes into its inputs fails here too, and checks that the answer is
 * a valid resolution before comparing it.
 */
export interface StrategyThen {
  /** Expects exactly this resolution. */
  thenResolution(expected: Resolution): void;
  /** Expects `{ kind: 'apply' }`. */
  thenApplies(): void;
  /** Expects `{ kind: 'skip' }`. */
  thenSkips(): void;
  /** Expects a merge into exactly `payload`. */
  thenMerges(payload: JsonObject): void;
  /**
   * Expects the record a store would hold afterwards to match `expected` on the fields it names
   * (`undefined`: no record at all). Tombstones have `deleted: true` and a null payload.
   */
  thenRecord(expected: Partial<MirroredRecord> | undefined): void;
}

/** Given/when/then for one strategy, see {@link strategySpec}. */
export interface StrategySpec {
  /** The mirror holds `record` (live or a tombstone, see `recordAt` and `tombstoneAt`). */
  givenRecord(record: MirroredRecord): StrategyGiven;
  /** The mirror never held the record. */
  givenNoRecord(): StrategyGiven;
}

/**
 * Given/when/then specs for a conflict strategy: given what the mirror holds, when a delta
 * arrives, then the strategy resolves it so (or the record ends up so). Failures throw node
 * `AssertionError`s with a diff, which test runners print as is.
 *
 * @example
 * const spec = strategySpec(new SourcePriority({ order: ['crm', 'billing'] }));
 * spec
 *   .givenRecord(recordAt(5, { source: 'billing' }))
 *   .whenDelta(upsertAt(1, '1', { name: 'Ada' }, { source: 'crm' }))
 *   .thenApplies();
 * spec.givenNoRecord().whenDelta(deleteAt(1, '1')).thenRecord({ deleted: true, version: 1 });
 */
export function strategySpec(strategy: ConflictStrategy): StrategySpec {
  const given = (existing: MirroredRecord | undefined): StrategyGiven => ({
    whenDelta: (delta) => thenSteps(strategy, existing, delta),
  });
  return { givenRecord: (record) => given(record), givenNoRecord: () => given(undefined) };
}

function thenSteps(
  strategy: ConflictStrategy,
  existing: MirroredRecord | undefined,
  incoming: Delta,
): StrategyThen {
  const resolve = (): Resolution => {
    let resolution: unknown;
    try {
      resolution = strategy.resolve(deepFreeze(jsonCopy(existing)), deepFreeze(jsonCopy(incoming)));
    } catch (error) {
      fail(`strategy '${strategy.name}' threw: ${describeError(error)}`);
    }
    const problem = resolutionProblem(resolution, incoming);
    if (problem !== undefined) fail(`strategy '${strategy.name}' ${problem}`);
    return resolution as Resolution;
  };
  const steps: StrategyThen = {
    thenResolution: (expected) => deepStrictEqual(plain(resolve()), plain(expected)),
    thenApplies: () => steps.thenResolution({ kind: 'apply' }),
    thenSkips: () => steps.thenResolution({ kind: 'skip' }),
    thenMerges: (payload) => steps.thenResolution({ kind: 'merge', payload }),
    thenRecord: (expected) => {
      const recordedAt = existing?.lastSyncedAt ?? incoming.occurredAt;
      const after = nextRecordState(existing, incoming, resolve(), recordedAt);
      if (after === undefined || expected === undefined) {
        deepStrictEqual(after, expected);
        return;
      }
      const named = Object.fromEntries(
        Object.keys(expected).map((key) => [key, after[key as keyof MirroredRecord]]),
      );
      deepStrictEqual(plain(named), plain(expected));
    },
  };
  return steps;
}

/** Resolutions from `Resolutions` are frozen and payloads may lack a prototype; compare as JSON. */
function plain<T>(value: T): T {
  return jsonCopy(value);
}
