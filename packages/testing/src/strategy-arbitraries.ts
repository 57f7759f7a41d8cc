import fc from 'fast-check';
import {
  validateDelta,
  type Delta,
  type JsonObject,
  type MirroredRecord,
} from '@oxide-mirror/core';
import { timeAt } from './test-time';

/** What generated inputs draw from; small sets, so records collide and times tie often. */
export interface StrategyInputSpace {
  /** Provenance sources. */
  sources: readonly string[];
  /** Resource names. */
  resources: readonly string[];
  /** Record ids. */
  recordIds: readonly string[];
}

/** One generated call of `resolve`: what the mirror holds (possibly nothing) and what arrives. */
export interface StrategyCase {
  existing: MirroredRecord | undefined;
  incoming: Delta;
}

/** Minutes after the kit epoch: a narrow range, so equal times are common. */
const minute = fc.integer({ min: 0, max: 30 });

/** Confidence: the edges and ties often, anything in [0, 1] too. */
const confidence = fc.oneof(fc.constantFrom(0, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true }));

/**
 * Any JSON object a source could send, nested a little. fast-check types JSON as readonly; the
 * values are plain JSON all the same.
 */
export const payloadArbitrary = fc.dictionary(
  fc.string({ maxLength: 8 }),
  fc.jsonValue({ maxDepth: 3 }),
  { maxKeys: 6 },
) as fc.Arbitrary<unknown> as fc.Arbitrary<JsonObject>;

/** Valid deltas over `space`, about `target` when given. */
export function deltaArbitrary(
  space: StrategyInputSpace,
  target?: { resource: string; recordId: string },
  ops: readonly Delta['op'][] = ['upsert', 'delete'],
): fc.Arbitrary<Delta> {
  return fc
    .record({
      resource: target ? fc.constant(target.resource) : fc.constantFrom(...space.resources),
      recordId: target ? fc.constant(target.recordId) : fc.constantFrom(...space.recordIds),
      op: fc.constantFrom(...ops),
      payload: payloadArbitrary,
      minute,
      source: fc.constantFrom(...space.sources),
      confidence,
    })
    .map((drawn) =>
      validateDelta({
        resource: drawn.resource,
        recordId: drawn.recordId,
        op: drawn.op,
        payload: drawn.op === 'upsert' ? drawn.payload : null,
        occurredAt: timeAt(drawn.minute),
        provenance: { source: drawn.source, confidence: drawn.confidence },
      }),
    );
}

/** Record states a store could hand a strategy for `incoming`'s record: live or a tombstone. */
export function recordArbitrary(
  space: StrategyInputSpace,
  incoming: Delta,
  kinds: readonly ('live' | 'tombstone')[] = ['live', 'tombstone'],
): fc.Arbitrary<MirroredRecord> {
  return fc
    .record({
      kind: fc.constantFrom(...kinds),
      payload: payloadArbitrary,
      source: fc.constantFrom(...space.sources),
      confidence,
      version: fc.integer({ min: 1, max: 9 }),
      minute,
      syncedAfter: fc.integer({ min: 0, max: 5 }),
    })
    .map((drawn) => ({
      resource: incoming.resource,
      recordId: incoming.recordId,
      payload: drawn.kind === 'live' ? drawn.payload : null,
      source: drawn.source,
      confidence: drawn.confidence,
      version: drawn.version,
      occurredAt: timeAt(drawn.minute),
      lastSyncedAt: timeAt(drawn.minute + drawn.syncedAfter),
      deleted: drawn.kind === 'tombstone',
    }));
}

/** Every kind of call: no record, a live record or a tombstone, against an upsert or a delete. */
export function caseArbitrary(space: StrategyInputSpace): fc.Arbitrary<StrategyCase> {
  return deltaArbitrary(space).chain((incoming) =>
    fc
      .option(recordArbitrary(space, incoming), { nil: undefined, freq: 4 })
      .map((existing) => ({ existing, incoming })),
  );
}

/** Calls where a delete arrives or the mirror holds a tombstone. */
export function deleteCaseArbitrary(space: StrategyInputSpace): fc.Arbitrary<StrategyCase> {
  const deleteOnAnything = deltaArbitrary(space, undefined, ['delete']).chain((incoming) =>
    fc
      .option(recordArbitrary(space, incoming), { nil: undefined })
      .map((existing) => ({ existing, incoming })),
  );
  const anythingOnTombstone = deltaArbitrary(space).chain((incoming) =>
    recordArbitrary(space, incoming, ['tombstone']).map((existing) => ({ existing, incoming })),
  );
  return fc.oneof(deleteOnAnything, anythingOnTombstone);
}

/** Logs of up to 30 deltas over a few records, for whole-projection checks. */
export function logArbitrary(space: StrategyInputSpace): fc.Arbitrary<Delta[]> {
  return fc.array(deltaArbitrary(space), { maxLength: 30 });
}
