import type { SyncRun } from '@oxide-mirror/core';

/** A sync that was started: its run's id, and its end. */
export interface StartedSync {
  /** The id of the recorded run; undefined when no run started (the host is stopping). */
  runId: number | undefined;
  /** Resolves with the run once it has ended (undefined when none started). */
  finished: Promise<SyncRun | undefined>;
}

/**
 * A sync asked for and not yet ended, told by whoever runs it when its run is recorded and when
 * it ends, so that the asker can answer at the start and still learn the end.
 */
export class PendingSync {
  /** Resolves with the run's id once it is recorded, or undefined if it ends without one. */
  readonly started: Promise<number | undefined>;
  /** Resolves with the run once it has ended; rejects when the sync failed before a run. */
  readonly finished: Promise<SyncRun | undefined>;
  private onStart!: (runId: number | undefined) => void;
  private onEnd!: (run: SyncRun | undefined) => void;
  private onFailure!: (error: unknown) => void;

  constructor() {
    this.started = new Promise((resolve) => (this.onStart = resolve));
    this.finished = new Promise((resolve, reject) => {
      this.onEnd = resolve;
      this.onFailure = reject;
    });
    // A background sync's end is read by no one; its run records how it ended.
    this.finished.catch(() => undefined);
  }

  /** Its run was recorded with this id. */
  start(runId: number): void {
    this.onStart(runId);
  }

  /** It ended with `run` (undefined: it never ran). */
  finish(run: SyncRun | undefined): void {
    this.onStart(run?.id);
    this.onEnd(run);
  }

  /** It failed before or outside its run. */
  fail(error: unknown): void {
    this.onStart(undefined);
    this.onFailure(error);
  }

  /** Once its run is recorded (or it ended without one): what {@link StartedSync} says. */
  async whenStarted(): Promise<StartedSync> {
    return { runId: await this.started, finished: this.finished };
  }
}
