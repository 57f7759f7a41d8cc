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
  type InvalidDeltaPolicy,
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
  /** Records a sync would set aside in `mirror_rejects` (invalid deltas, and the source's own). */
  reject: number;
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

/** What a preview reads of the mirror: cursors and records. */
export type MirrorContents = Pick<MirrorStore, 'getCursor' | 'getRecord'>;

/** The contents of a mirror not created yet. */
export const EMPTY_MIRROR: MirrorContents = {
  getCursor: async () => undefined,
  getRecord: async () => undefined,
};

/** Default bound on the preview's pull, as the sync engine's. */
const DEFAULT_PULL_TIMEOUT_MS = 120_000;

/**
 * Pulls the first page a sync of `source` would pull (after its stored cursor) and asks the
 * strategy about each delta against the records `store` holds, folding the page's own changes
 * in as a sync would. Reads only: nothing is appended, projected or stored as a cursor. An
 * invalid delta counts as a reject, as a sync sets it aside; with `onInvalid: 'fail'` the
 * preview fails on it, as that sync would.
 */
export async function previewFirstPage(
  source: SyncSource,
  store: MirrorContents,
  strategy: ConflictStrategy,
  pullTimeoutMs = DEFAULT_PULL_TIMEOUT_MS,
  onInvalid: InvalidDeltaPolicy = 'reject',
): Promise<FirstPagePreview> {
  const cursor = await store.getCursor(source.id);
  const page = checkPullResult(
    source.id,
    await firstValueFrom(pullWithTimeout(source, cursor, 1, pullTimeoutMs)),
  );
  const resources: Record<string, ResourcePreview> = {};
  const seen = new Map<string, MirroredRecord | undefined>();
  for (const reject of page.rejects ?? []) tallyOf(resources, reject.resource).reject += 1;
  for (const [index, raw] of page.deltas.entries()) {
    const delta = validDelta(raw, index, onInvalid);
    if (delta === undefined) {
      const resource = (raw as { resource?: unknown } | null)?.resource;
      const tally = tallyOf(resources, typeof resource === 'string' ? resource : '(unreadable)');
      tally.deltas += 1;
      tally.reject += 1;
      continue;
    }
    const tally = tallyOf(resources, delta.resource);
    tally.deltas += 1;
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

/** The delta, or undefined for one a sync would set aside (throws when it would fail instead). */
function validDelta(raw: unknown, index: number, onInvalid: InvalidDeltaPolicy): Delta | undefined {
  try {
    return validateDelta(raw);
  } catch (error) {
    if (onInvalid === 'reject') return undefined;
    throw new MirrorError(
      'INVALID_DELTA',
      `a sync would refuse the first page: delta #${index + 1}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

function tallyOf(resources: Record<string, ResourcePreview>, name: string): ResourcePreview {
  const tally = resources[name] ?? { deltas: 0, apply: 0, skip: 0, reject: 0 };
  resources[name] = tally;
  return tally;
}
