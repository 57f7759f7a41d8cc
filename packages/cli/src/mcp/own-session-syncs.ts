import type { MirrorSession } from '../composition/mirror-session';
import { runSyncs } from '../sync-runs/run-syncs';
import { PendingSync, type StartedSync } from './pending-sync';
import { watchSyncProgress, type SyncProgressListener } from './sync-progress-notices';

/**
 * The syncs that `mcp` runs in the background, each in a writable session opened for it and
 * closed after it, so a server that mostly reads holds the mirror open for writing only while
 * it syncs. {@link stop} interrupts them (the page in flight commits, each run is recorded as
 * interrupted) and waits for them, so no run is left `running` when the server exits.
 */
export class OwnSessionSyncs {
  private readonly running = new Set<Promise<void>>();
  private readonly stopper = new AbortController();

  constructor(
    private readonly openSession: () => Promise<MirrorSession>,
    private readonly redact: (text: string) => string,
  ) {}

  /** Starts a sync of `source` and resolves once its run is recorded. */
  async start(source: string, onProgress?: SyncProgressListener): Promise<StartedSync> {
    const pending = new PendingSync();
    if (this.stopper.signal.aborted) {
      pending.finish(undefined);
      return pending.whenStarted();
    }
    const session = await this.openSession();
    const progress = onProgress && watchSyncProgress(session.store.changes(), source, onProgress);
    const done = runSyncs({
      session,
      ids: [source],
      progress: undefined,
      redact: this.redact,
      signal: this.stopper.signal,
      onRunStarted: (runId) => pending.start(runId),
    })
      .then(
        ([run]) => pending.finish(run),
        (error: unknown) => pending.fail(error),
      )
      .finally(() => {
        progress?.unsubscribe();
        return session.close();
      })
      .catch(() => undefined)
      .finally(() => this.running.delete(done));
    this.running.add(done);
    return pending.whenStarted();
  }

  /** Interrupts the running syncs after their page in flight and waits until they are recorded. */
  async stop(): Promise<void> {
    this.stopper.abort();
    await Promise.all(this.running);
  }
}
