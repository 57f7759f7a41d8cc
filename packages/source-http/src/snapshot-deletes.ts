import { Delta } from '@oxide-mirror/core';
import { MassDeleteError } from './errors';
import type { PageToken } from './paginators/paginator';
import type { WalkPlan } from './walk-plan';

/** One snapshot being walked. */
interface OpenSnapshot {
  snapshot: string;
  run: number;
  /** Token the next page must have for the walk to be unbroken. */
  expected: PageToken | undefined;
  ids: Set<string>;
  intact: boolean;
}

/**
 * Remembers the ids each snapshot returned, in memory, for as long as one sync walks it page
 * after page. Only such a snapshot can tell which records disappeared: one resumed after a
 * failure or a restart may have missed records that moved between pages meanwhile, so it infers
 * nothing (a false delete would outlive the record's return, which replays as a duplicate).
 */
export class SnapshotTracker {
  private readonly open = new Map<string, OpenSnapshot>();
  private run = 0;

  /** A new sync begins: snapshots left open by an earlier one are broken. */
  newRun(): void {
    this.run += 1;
  }

  /** A pull failed: every open snapshot misses at least one page. */
  interrupt(): void {
    for (const entry of this.open.values()) entry.intact = false;
  }

  /** Notes the page at `token` of `snapshot` (walk `key`) and the ids it held. */
  observe(
    key: string,
    snapshot: string,
    token: PageToken | undefined,
    ids: readonly string[],
    next: PageToken | undefined,
  ): void {
    if (token === undefined) {
      this.open.set(key, {
        snapshot,
        run: this.run,
        expected: undefined,
        ids: new Set(),
        intact: true,
      });
    }
    const entry = this.open.get(key);
    if (entry === undefined || entry.snapshot !== snapshot) return;
    if (entry.run !== this.run || entry.expected !== token) entry.intact = false;
    for (const id of ids) entry.ids.add(id);
    entry.expected = next;
  }

  /** The ids of `snapshot` when this process saw all of it unbroken; forgets it either way. */
  finish(key: string, snapshot: string): Set<string> | undefined {
    const entry = this.open.get(key);
    this.open.delete(key);
    return entry !== undefined && entry.snapshot === snapshot && entry.intact
      ? entry.ids
      : undefined;
  }

  /** Forgets the snapshot of walk `key` (it ended without a complete listing). */
  discard(key: string): void {
    this.open.delete(key);
  }
}

/**
 * Deletes for the records the mirror holds (`known`) that a complete snapshot (`seen`) lacks.
 * Throws {@link MassDeleteError} when they exceed the walk's `maxShare` of the known records.
 */
export function inferDeletes(
  sourceId: string,
  walk: WalkPlan,
  seen: ReadonlySet<string>,
  known: Iterable<string>,
  now: Date,
): Delta[] {
  const maxShare = walk.inferDeletes?.maxShare ?? 0;
  const missing: string[] = [];
  let knownCount = 0;
  for (const id of known) {
    knownCount += 1;
    if (!seen.has(id)) missing.push(id);
  }
  if (missing.length > maxShare * knownCount) {
    throw new MassDeleteError(sourceId, walk.resource, missing.length, knownCount, maxShare);
  }
  const options = { occurredAt: now, confidence: walk.confidence };
  return missing.map((id) => Delta.delete(walk.resource, id, sourceId, options));
}
