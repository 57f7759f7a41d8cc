import { CopyRefusedError } from './errors';
import type { MirrorStore } from './mirror-store';
import type { RejectedRecord } from './rejected-record';
import type { StoredCursor } from './store/cursor-store';
import { syncRunRowOf } from './store/store-rows';
import type { SyncRun } from './store/sync-run-log';
import type { StoredEvent } from './stored-event';

/** What the original mirror holds besides its events, read before the copy starts. */
export interface CopySnapshot {
  cursors: readonly StoredCursor[];
  rejects: readonly RejectedRecord[];
  resources: readonly string[];
  /** Every recorded sync run, oldest first. */
  syncRuns: readonly SyncRun[];
}

/** Every run of `store`'s sync-run log, oldest first. */
export async function allSyncRuns(store: MirrorStore): Promise<SyncRun[]> {
  return (await store.recentSyncRuns(Number.MAX_SAFE_INTEGER)).reverse();
}

const cursorKey = (cursor: StoredCursor): string =>
  JSON.stringify([cursor.source, cursor.resource, cursor.cursor, cursor.updatedAt]);
const rejectKey = (reject: RejectedRecord): string => JSON.stringify([reject.source, reject.raw]);
const runKey = (run: SyncRun): string => JSON.stringify(syncRunRowOf(run));

/**
 * Refuses a copy the original is not ready for (a sync still running), and a target that holds
 * anything the original does not: cursors, rejects, resources or sync runs of its own. An empty target passes, and so does one an interrupted copy of the same
 * mirror left behind (its events are then checked by {@link matchCopiedPrefix}).
 */
export async function checkCopyTarget(target: MirrorStore, original: CopySnapshot): Promise<void> {
  const running = original.syncRuns.find((run) => run.outcome === 'running');
  if (running !== undefined) {
    throw new CopyRefusedError(
      `a sync of ${running.source} is running (run ${running.id}): copy once it has ended`,
    );
  }
  const foreign: string[] = [];
  const cursors = new Set(original.cursors.map(cursorKey));
  const strayCursors = (await target.listCursors()).filter(
    (cursor) => !cursors.has(cursorKey(cursor)),
  );
  if (strayCursors.length > 0) foreign.push(`${strayCursors.length} cursor(s)`);
  const rejects = new Set(original.rejects.map(rejectKey));
  const strayRejects = (await target.listRejects()).filter(
    (reject) => !rejects.has(rejectKey(reject)),
  );
  if (strayRejects.length > 0) foreign.push(`${strayRejects.length} reject(s)`);
  const resources = new Set(original.resources);
  const strayResources = (await target.listResources()).filter((name) => !resources.has(name));
  if (strayResources.length > 0) foreign.push(`resource(s) ${strayResources.join(', ')}`);
  const runs = new Set(original.syncRuns.map(runKey));
  const strayRuns = (await allSyncRuns(target)).filter((run) => !runs.has(runKey(run)));
  if (strayRuns.length > 0) foreign.push(`${strayRuns.length} sync run(s)`);
  if (foreign.length > 0) throw notEmpty(foreign.join(', '));
}

/**
 * Reads the target's log beside the original's and returns how many events the target already
 * holds: 0 for an empty target, more when an earlier copy was interrupted and its committed
 * batches are the start of the original's log. `original` is left positioned after them, so the
 * copy goes on from there. Refuses a target whose log is anything else.
 */
export async function matchCopiedPrefix(
  target: MirrorStore,
  original: AsyncIterator<StoredEvent>,
): Promise<number> {
  let matched = 0;
  for await (const copied of target.readEvents()) {
    const next = await original.next();
    if (next.done === true || next.value.eventId !== copied.eventId) {
      throw notEmpty(
        `its event at position ${copied.position} (${copied.eventId}) is not event #${matched + 1} of the mirror's log`,
      );
    }
    matched += 1;
  }
  return matched;
}

function notEmpty(what: string): CopyRefusedError {
  return new CopyRefusedError(
    `the target is neither empty nor an unfinished copy of this mirror (${what}); copy into a new, empty database`,
  );
}
