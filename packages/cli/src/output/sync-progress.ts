import type { Observable, Subscription } from 'rxjs';
import type { MirrorChange, SourceWait } from '@oxide-mirror/core';
import type { OutputStream } from '../cli-io';
import { ProgressTally } from './progress-tally';

/** Fastest redraw, so a fast sync does not spend its time repainting the terminal. */
const REDRAW_EVERY_MS = 100;

/** How often a terminal's line is redrawn while no event arrives. */
const REFRESH_EVERY_MS = 1000;

/** Default gap between progress lines when the output is a file or a pipe. */
export const DEFAULT_LINE_EVERY_MS = 5000;

/** How {@link SyncProgress} shows itself. */
export interface SyncProgressOptions {
  /**
   * `redraw`: one line redrawn in place, for a terminal. `lines`: a plain line every
   * `lineEveryMs`, for logs and pipes, where control characters would be garbage.
   */
  mode: 'redraw' | 'lines';
  /** In `lines` mode, the least time between two lines; 0 writes one per committed event. */
  lineEveryMs?: number;
  /** The clock; tests pass one they move. */
  now?: () => number;
}

/**
 * The progress of a sync: which source, per resource how many events committed, their rate, the
 * total and time left when the source reports a total, and any wait (a rate limit, a retry).
 * On a terminal it is one line redrawn in place; elsewhere a plain line every few seconds, also
 * while nothing arrives, so a log shows a stalled sync as stalled.
 */
export class SyncProgress {
  private subscription: Subscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  private source = '';
  private tally = new ProgressTally(0);
  private lastDrawn = 0;
  /** The source's current wait (a rate limit, a retry), shown until it is over. */
  private wait: (SourceWait & { until: number }) | undefined;
  private readonly now: () => number;
  private readonly lineEveryMs: number;

  constructor(
    private readonly stream: OutputStream,
    private readonly options: SyncProgressOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.lineEveryMs = options.lineEveryMs ?? DEFAULT_LINE_EVERY_MS;
  }

  /** Starts showing the sync of `source`, counting `changes` until {@link stop}. */
  start(source: string, changes: Observable<MirrorChange>): void {
    this.stop();
    this.source = source;
    const startedAt = this.now();
    this.tally = new ProgressTally(startedAt);
    this.lastDrawn = startedAt;
    this.wait = undefined;
    this.subscription = changes.subscribe((change) => {
      this.tally.add(change);
      this.draw(false);
    });
    if (this.options.mode === 'redraw') this.draw(true);
    // A timer, not only events: the clock and a wait's countdown move on while nothing arrives,
    // and a log shows a sync waiting on a rate limit as waiting.
    const every = this.options.mode === 'redraw' ? REFRESH_EVERY_MS : this.lineEveryMs;
    if (every > 0) {
      this.timer = setInterval(() => this.draw(false), every);
      this.timer.unref();
    }
  }

  /** Shows the total number of records `source` reported for `resource`. */
  total(source: string, resource: string, records: number): void {
    if (!this.shows(source)) return;
    this.tally.setTotal(resource, records);
  }

  /** Shows that `source` waits before its next request, and why. */
  waiting(source: string, wait: SourceWait): void {
    if (!this.shows(source)) return;
    this.wait = { ...wait, until: this.now() + wait.ms };
    this.draw(true);
  }

  /** Stops counting and, on a terminal, clears the line so the final report starts on a clean one. */
  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.options.mode === 'redraw') this.stream.write('\r\x1b[2K');
  }

  /** True while the sync of `source` is shown (alone, or among the followed sources). */
  private shows(source: string): boolean {
    return this.subscription !== undefined && this.source.split(', ').includes(source);
  }

  private draw(force: boolean): void {
    const now = this.now();
    const gap = this.options.mode === 'redraw' ? REDRAW_EVERY_MS : this.lineEveryMs;
    if (!force && now - this.lastDrawn < gap) return;
    this.lastDrawn = now;
    const line = `syncing ${this.source} ${this.tally.describe(now)}${this.waitText(now)}`;
    if (this.options.mode === 'lines') {
      this.stream.write(`${line}\n`);
      return;
    }
    const width = this.stream.columns || 100;
    this.stream.write(`\r\x1b[2K${line.slice(0, Math.max(width - 1, 10))}`);
  }

  private waitText(now: number): string {
    const wait = this.wait;
    if (wait === undefined || now >= wait.until) return '';
    const why = wait.reason === 'rate-limited' ? 'rate limited' : 'retrying';
    const seconds = Math.ceil((wait.until - now) / 1000);
    return ` — waiting ${seconds}s, ${why}: ${wait.detail}`;
  }
}
