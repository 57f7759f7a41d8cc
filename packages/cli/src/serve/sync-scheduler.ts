import { backoffDelayMs, type Backoff } from './backoff';
import type { Schedule } from './schedule';

/** Time and randomness as the scheduler sees them, injectable so tests can drive a fake clock. */
export interface SchedulerClock {
  now(): number;
  /** A number in [0, 1), for jitter. */
  random(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The process's clock. */
export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  random: () => Math.random(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** How the scheduler paces runs. */
export interface SchedulerOptions {
  /** Sources by id, each with its schedule (none: it runs only when triggered). */
  schedules: ReadonlyMap<string, Schedule | undefined>;
  /** Syncs one source; resolves true when the run succeeded. Never called twice at once. */
  run(source: string): Promise<boolean>;
  /** Up to this much random delay is added to every scheduled run. */
  jitterMs: number;
  /** After failures a source waits at least initialMs × 2^(failures−1), at most maxMs. */
  backoff: Backoff;
  clock?: SchedulerClock;
}

/** What the scheduler knows about one source, for the status page and metrics. */
export interface SourceSchedule {
  source: string;
  schedule: string | undefined;
  running: boolean;
  /** True when a run is waiting for its turn. */
  queued: boolean;
  /** When the next scheduled run is due. */
  nextRunAt: Date | undefined;
  /** Failed runs in a row. */
  failures: number;
}

/** What {@link SyncScheduler.trigger} did with a request to sync now. */
export type TriggerResult = 'queued' | 'already-queued';

/** Longest delay `setTimeout` takes; later runs are re-armed when this much has passed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs each source's syncs on its schedule, one sync at a time over all sources (the mirror has
 * one writer, so syncs in parallel would only wait for each other). A source is never run while
 * it runs or waits: a due time or trigger that comes meanwhile is folded into the waiting run.
 * The next run of a source is planned only when its run has finished, from the schedule plus a
 * random jitter, and pushed back after failures.
 */
export class SyncScheduler {
  private readonly clock: SchedulerClock;
  private readonly timers = new Map<string, unknown>();
  private readonly due = new Map<string, number>();
  private readonly failures = new Map<string, number>();
  private readonly queue: string[] = [];
  private current: { source: string; done: Promise<void> } | undefined;
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Plans the first run of every scheduled source. A source whose schedule fired since its
   * latest successful sync (`lastSuccess`), or that never synced, runs at once: a restart does
   * not leave it a whole interval behind.
   */
  start(lastSuccess: ReadonlyMap<string, Date | undefined> = new Map()): void {
    const now = this.clock.now();
    for (const [source, schedule] of this.options.schedules) {
      if (schedule === undefined) continue;
      const last = lastSuccess.get(source);
      if (last === undefined || schedule.next(last).getTime() <= now) this.trigger(source);
      else this.plan(source);
    }
  }

  /** Asks for a sync of `source` as soon as the runs before it are done. */
  trigger(source: string): TriggerResult {
    if (this.queue.includes(source)) return 'already-queued';
    this.queue.push(source);
    this.drain();
    return 'queued';
  }

  /** What is known about every source, in config order. */
  states(): SourceSchedule[] {
    return [...this.options.schedules].map(([source, schedule]) => {
      const due = this.due.get(source);
      return {
        source,
        schedule: schedule?.text,
        running: this.current?.source === source,
        queued: this.queue.includes(source),
        nextRunAt: due === undefined ? undefined : new Date(due),
        failures: this.failures.get(source) ?? 0,
      };
    });
  }

  /** Plans nothing more, drops waiting runs, and resolves when the run in progress has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const handle of this.timers.values()) this.clock.clearTimeout(handle);
    this.timers.clear();
    this.due.clear();
    this.queue.length = 0;
    await this.current?.done;
  }

  private plan(source: string): void {
    const schedule = this.options.schedules.get(source);
    if (schedule === undefined || this.stopped) return;
    const now = this.clock.now();
    const failures = this.failures.get(source) ?? 0;
    let at = schedule.next(new Date(now)).getTime();
    if (failures > 0) at = Math.max(at, now + backoffDelayMs(failures, this.options.backoff));
    at += Math.floor(this.clock.random() * this.options.jitterMs);
    this.due.set(source, at);
    this.arm(source, at);
  }

  private arm(source: string, at: number): void {
    const delay = Math.min(Math.max(at - this.clock.now(), 0), MAX_TIMER_MS);
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(source);
      if (this.clock.now() < at) return this.arm(source, at);
      this.due.delete(source);
      this.trigger(source);
    }, delay);
    this.timers.set(source, handle);
  }

  private drain(): void {
    if (this.current !== undefined || this.stopped) return;
    const source = this.queue.shift();
    if (source === undefined) return;
    // A scheduled run that comes from a trigger replaces the one the timer was waiting for.
    const timer = this.timers.get(source);
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this.timers.delete(source);
    this.due.delete(source);
    const done = this.runOne(source);
    this.current = { source, done };
  }

  private async runOne(source: string): Promise<void> {
    // `run` records its own failures; a rejection is one more failed run to back off from.
    const ok = await this.options.run(source).catch(() => false);
    this.failures.set(source, ok ? 0 : (this.failures.get(source) ?? 0) + 1);
    this.current = undefined;
    this.plan(source);
    this.drain();
  }
}
