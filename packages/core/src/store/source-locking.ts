/** A held source lock; see {@link SourceLocking.lockSource}. */
export interface SourceLock {
  /** Releases the lock; safe to call twice. */
  release(): Promise<void>;
}

/** One sync of a source at a time, across processes (and machines, for a server store). */
export interface SourceLocking {
  /**
   * Takes the lock that lets only one sync of `source` run at a time; rejects with
   * `SyncInProgressError` while a live holder has it. A dead holder's lock is taken over. The
   * Syncer takes it around every sync.
   */
  lockSource(source: string): Promise<SourceLock>;
}
