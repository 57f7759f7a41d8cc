import { prepareDelta, type Delta } from '@oxide-mirror/core';
import { describeError } from './contract-violation';

/**
 * What is wrong with `resolution` as an answer to `incoming`, or undefined when it is valid: a
 * known kind, `merge` only for upserts, and a merged payload a store could store (a JSON object
 * within core's limits).
 */
export function resolutionProblem(resolution: unknown, incoming: Delta): string | undefined {
  const kind = (resolution as { kind?: unknown } | null | undefined)?.kind;
  if (kind === 'apply' || kind === 'skip') return undefined;
  if (kind !== 'merge') {
    const shown = JSON.stringify(resolution) ?? String(resolution);
    return `returned ${shown}, not { kind: 'apply' | 'skip' | 'merge' }`;
  }
  if (incoming.op !== 'upsert') return 'returned merge for a delete (merge is only for upserts)';
  try {
    prepareDelta({ ...incoming, payload: (resolution as { payload?: unknown }).payload });
  } catch (error) {
    return `returned a merge payload a store would refuse: ${describeError(error)}`;
  }
  return undefined;
}
