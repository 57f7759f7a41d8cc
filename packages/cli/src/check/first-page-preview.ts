import { firstValueFrom } from 'rxjs';
import {
  MirrorError,
  checkPullResult,
  nextRecordState,
  pullWithTimeout,
  resolveConflict,
  validateDelta,
  type ConflictStrategy,
  type Delta,
  type MirrorStore,
  type MirroredRecord,
  type SyncSource,
} from '@oxide-mirror/core';

/** What the first page of a source would do to the mirror, per resource. */
export interface ResourcePreview {
  /** Deltas of this resource on the page. */
  deltas: number;
  /** Deltas the strategy would apply (merges included). */
  apply: number;
  /** Deltas the strategy would skip. */
  skip: number;
}

/** The first page a source returns, and what a sync would do with it. */
export interface FirstPagePreview {
  /** The cursor the page was pulled after: the stored one, or undefined for a first sync. */
  cursor: string | undefined;
  /** Deltas on the page. */
  deltas: number;
  /** Whether the source says more pages follow. */
  hasMore: boolean;
  /** Per resource, in the order they appear on the page. */
  resources: Record<string, ResourcePreview>;
}

/** Default bound on the preview's pull, as the sync engine's. */
const DEFAULT_PULL_TIMEOUT_MS = 120_000;

/**
 * Pulls the first page a sync of `source` would pull (after its stored cursor) and asks the
 * strategy about each delta against the records `store` holds, folding the page's own changes
 * in as a sync would. Reads only: nothing is appended, projected or stored as a cursor. A page
 * a sync would refuse (an invalid delta) rejects, as the sync would.
 */
export async function previewFirstPage(
  source: SyncSource,
  store: MirrorStore,
  strategy: ConflictStrategy,
  pullTimeoutMs = DEFAULT_PULL_TIMEOUT_MS,
): Promise<FirstPagePreview> {
  const cursor = await store.getCursor(source.id);
  const page = checkPullResult(
    source.id,
    await firstValueFrom(pullWithTimeout(source, cursor, 1, pullTimeoutMs)),
  );
  const resources: Record<string, ResourcePreview> = {};
  const seen = new Map<string, MirroredRecord | undefined>();
  for (const [index, raw] of page.deltas.entries()) {
    const delta = validDelta(raw, index);
    const tally = tallyOf(resources, delta.resource);
    const key = JSON.stringify([delta.resource, delta.recordId]);
    const existing = seen.has(key)
      ? seen.get(key)
      : await store.getRecord(delta.resource, delta.recordId);
    const resolution = resolveConflict(strategy, existing, delta);
    if (resolution.kind === 'skip') tally.skip += 1;
    else tally.apply += 1;
    seen.set(key, nextRecordState(existing, delta, resolution, delta.occurredAt));
  }
  return { cursor, deltas: page.deltas.length, hasMore: page.hasMore, resources };
}

function validDelta(raw: unknown, index: number): Delta {
  try {
    return validateDelta(raw);
  } catch (error) {
    throw new MirrorError(
      'INVALID_DELTA',
      `a sync would refuse the first page: delta #${index + 1}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

function tallyOf(resources: Record<string, ResourcePreview>, name: string): ResourcePreview {
  const tally = resources[name] ?? { deltas: 0, apply: 0, skip: 0 };
  resources[name] = tally;
  tally.deltas += 1;
  return tally;
}
