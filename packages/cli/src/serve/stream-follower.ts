import type { SyncRun } from '@oxide-mirror/core';
import { backoffDelayMs, type Backoff } from './backoff';
import { systemClock, type SchedulerClock, type SourceSchedule } from './sync-scheduler';

/** What a {@link StreamFollower} follows, and how it paces restarts. */
export interface StreamFollowerOptions {
  source: string;
  /**
   * Follows the source's live stream once, as one recorded run, until `signal` aborts (the batch
   * in flight commits) or the stream ends or fails; resolves with the recorded run.
   */
  follow(signal: AbortSignal): Promise<SyncRun>;
  /** The waits after failed sessions, as for scheduled runs. */
  backoff: Backoff;
  clock?: SchedulerClock;
}

/** How the status page names the "schedule" of a followed source. */
export const FOLLOW_SCHEDULE = 'follows its live stream';

/** Longest delay `setTimeout` takes; longer waits are taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Keeps one source's live stream followed under `serve`, one stream session (one recorded run)
 * after another, until {@link stop}. A session that fails is followed by another after the
 * backoff of scheduled runs, growing with the failures in a row; a session that had committed
 * batches before it failed starts that count over, since the stream did work. A stream that ends
 * by itself is followed again after the backoff's first wait, so a stream that keeps ending at
 * once never spins.
 */
export class StreamFollower {
  private readonly clock: SchedulerClock;
  private readonly stopSignal = new AbortController();
  private loop: Promise<void> | undefined;
  private following = false;
  private failures = 0;
  private restartAt: number | undefined;
  private timer: unknown;
  private wake: (() => void) | undefined;

  constructor(private readonly options: StreamFollowerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Starts the first session; does nothing when started already. */
  start(): void {
    this.loop ??= this.followUntilStopped();
  }

  /** True while a stream session runs: the source is live. */
  get live(): boolean {
    return this.following;
  }

  /** What the status page shows for the source. */
  state(): SourceSchedule {
    return {
      source: this.options.source,
      schedule: FOLLOW_SCHEDULE,
      running: this.following,
      queued: false,
      nextRunAt: this.restartAt === undefined ? undefined : new Date(this.restartAt),
      failures: this.failures,
    };
  }

  /**
   * Stops the session in progress after its batch in flight has committed (or cancels the wait
   * for the next one), and resolves once its run is recorded.
   */
  async stop(): Promise<void> {
    this.stopSignal.abort();
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
  }

  private async followUntilStopped(): Promise<void> {
    const signal = this.stopSignal.signal;
    while (!signal.aborted) {
      this.following = true;
      // `follow` records its own failures; a rejection is one more failed session.
      const run = await this.options.follow(signal).catch(() => undefined);
      this.following = false;
      if (signal.aborted) return;
      this.failures = failuresAfter(run, this.failures);
      const { backoff } = this.options;
      await this.sleep(
        run?.outcome === 'ok' ? backoff.initialMs : backoffDelayMs(this.failures, backoff),
      );
    }
  }

  private async sleep(ms: number): Promise<void> {
    const until = this.clock.now() + ms;
    this.restartAt = until;
    while (!this.stopSignal.signal.aborted && this.clock.now() < until) {
      const step = Math.min(until - this.clock.now(), MAX_TIMER_MS);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = this.clock.setTimeout(resolve, step);
      });
      this.timer = undefined;
      this.wake = undefined;
    }
    this.restartAt = undefined;
  }
}

/** Failed sessions in a row once `run` has ended. */
function failuresAfter(run: SyncRun | undefined, before: number): number {
  if (run?.outcome === 'ok') return 0;
  if (run !== undefined && run.pages > 0) return 1;
  return before + 1;
}
