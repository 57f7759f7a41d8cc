import {
  nextRecordState,
  prepareDelta,
  type ConflictStrategy,
  type Delta,
  type MirroredRecord,
  type Resolution,
} from '@oxide-mirror/core';
import { ContractViolation } from './contract-violation';
import { jsonCopy } from './json-snapshot';
import { resolutionProblem } from './resolution-check';

/**
 * Projects `deltas` in order with `strategy` the way a store does, in memory: re-sent deltas are
 * recognised and ignored, and each landing follows core's `nextRecordState`. Returns every record
 * state, tombstones included, sorted by resource and record id. Throws a
 * {@link ContractViolation} when the strategy answers something invalid.
 */
export function projectInMemory(
  strategy: ConflictStrategy,
  deltas: readonly Delta[],
  recordedAt: string,
): MirroredRecord[] {
  const states = new Map<string, MirroredRecord>();
  const logged = new Set<string>();
  for (const input of deltas) {
    const { delta, eventId } = prepareDelta(input);
    if (logged.has(eventId)) continue;
    logged.add(eventId);
    const key = JSON.stringify([delta.resource, delta.recordId]);
    const existing = states.get(key);
    // Copies, so a strategy that writes into its inputs cannot change the log or the states.
    const resolution: unknown = strategy.resolve(jsonCopy(existing), jsonCopy(delta));
    const problem = resolutionProblem(resolution, delta);
    if (problem !== undefined)
      throw new ContractViolation(`strategy '${strategy.name}' ${problem}`);
    const next = nextRecordState(existing, delta, resolution as Resolution, recordedAt);
    if (next !== undefined) states.set(key, next);
  }
  return [...states.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}
