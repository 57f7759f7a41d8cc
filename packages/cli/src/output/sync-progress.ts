import type { Observable, Subscription } from 'rxjs';
import type { MirrorChange, SourceWait } from '@oxide-mirror/core';
import type { OutputStream } from '../cli-io';

/** Fastest redraw, so a fast sync does not spend its time repainting the terminal. */
const REDRAW_EVERY_MS = 100;

/**
 * A live one-line progress display for a terminal: which source is syncing, how many events it
 * committed and what was decided, redrawn in place. It counts the store's committed changes, so
 * it shows what is durable, not what is in flight. Use it only when the output is a terminal.
 */
export class SyncProgress {
  private subscription: Subscription | undefined;
  private source = '';
  private startedAt = 0;
  private lastDrawn = 0;
  private events = 0;
  private applied = 0;
  private skipped = 0;
  /** The source's current wait (a rate limit, a retry), shown until it is over. */
  private wait: (SourceWait & { until: number }) | undefined;

  constructor(
    private readonly stream: OutputStream,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts showing the sync of `source`, counting `changes` until {@link stop}. */
  start(source: string, changes: Observable<MirrorChange>): void {
    this.stop();
    this.source = source;
    this.startedAt = this.now();
    this.events = this.applied = this.skipped = 0;
    this.wait = undefined;
    this.subscription = changes.subscribe((change) => this.count(change));
    this.draw(true);
  }

  /** Shows that `source` waits before its next request, and why. */
  waiting(source: string, wait: SourceWait): void {
    if (source !== this.source || this.subscription === undefined) return;
    this.wait = { ...wait, until: this.now() + wait.ms };
    this.draw(true);
  }

  /** Stops counting and clears the line, so the final report starts on a clean one. */
  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.stream.write('\r\x1b[2K');
  }

  private count(change: MirrorChange): void {
    this.events += 1;
    if (change.decision === 'skipped') this.skipped += 1;
    else this.applied += 1;
    this.draw(false);
  }

  private draw(force: boolean): void {
    const now = this.now();
    if (!force && now - this.lastDrawn < REDRAW_EVERY_MS) return;
    this.lastDrawn = now;
    const seconds = ((now - this.startedAt) / 1000).toFixed(1);
    const line =
      `syncing ${this.source}: ${this.events.toLocaleString('en-US')} events committed ` +
      `(${this.applied.toLocaleString('en-US')} applied, ${this.skipped.toLocaleString('en-US')} skipped) ` +
      `${seconds}s${this.waitText(now)}`;
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
