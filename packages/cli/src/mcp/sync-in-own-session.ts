import type { SyncRun } from '@oxide-mirror/core';
import type { MirrorSession } from '../composition/mirror-session';
import { runSyncs } from '../sync-runs/run-syncs';
import { watchSyncProgress, type SyncProgressListener } from './sync-progress-notices';

/**
 * Syncs `source` in a writable session opened for this one sync and closed after it, so a
 * server that mostly reads holds the mirror open for writing only while it syncs.
 */
export async function syncInOwnSession(
  openSession: () => Promise<MirrorSession>,
  source: string,
  redact: (text: string) => string,
  onProgress?: SyncProgressListener,
): Promise<SyncRun | undefined> {
  const session = await openSession();
  const progress = onProgress && watchSyncProgress(session.store.changes(), source, onProgress);
  try {
    const [run] = await runSyncs({
      session,
      ids: [source],
      progress: undefined,
      redact,
      signal: new AbortController().signal,
    });
    return run;
  } finally {
    progress?.unsubscribe();
    await session.close();
  }
}
