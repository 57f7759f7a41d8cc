import type { MirrorChange } from '@oxide-mirror/core';
import { formatDuration } from './duration';

/** One resource's committed events so far in a sync, and the total its API reported. */
interface ResourceCount {
  events: number;
  /** Records the API said the listing holds; absent when it does not say. */
  total?: number;
}

/** Time before a rate, and the time left from it, are shown. */
const MIN_RATE_WINDOW_MS = 1000;

const count = (value: number): string => value.toLocaleString('en-US');

/** Records per second, with a decimal only where it carries information. */
function rateText(perSecond: number): string {
  return perSecond >= 10 ? count(Math.round(perSecond)) : perSecond.toFixed(1);
}

/**
 * What one sync committed so far, per resource: events, their rate since the start, the total
 * when the source reports one and the time left at the rate so far. It counts the store's
 * committed changes, so it tells what is durable, not what is in flight.
 */
export class ProgressTally {
  private readonly resources = new Map<string, ResourceCount>();
  private applied = 0;
  private skipped = 0;

  constructor(private readonly startedAt: number) {}

  /** Counts one committed event. */
  add(change: MirrorChange): void {
    if (change.decision === 'skipped') this.skipped += 1;
    else this.applied += 1;
    this.resourceCount(change.delta.resource).events += 1;
  }

  /** Records the total number of records the source reported for `resource`'s listing. */
  setTotal(resource: string, total: number): void {
    this.resourceCount(resource).total = total;
  }

  /**
   * The tally as one line, e.g.
   * `12.0 s: 1,500 events (1,480 applied, 20 skipped); people 1,200 of 5,000 (24%) 100/s, 38.0 s left; orgs 300 25/s`.
   */
  describe(now: number): string {
    const elapsedMs = Math.max(now - this.startedAt, 0);
    const events = this.applied + this.skipped;
    const head =
      `${formatDuration(elapsedMs)}: ${count(events)} events committed ` +
      `(${count(this.applied)} applied, ${count(this.skipped)} skipped)`;
    const parts = [...this.resources].map(([name, entry]) =>
      this.describeResource(name, entry, elapsedMs),
    );
    return parts.length === 0 ? head : `${head}; ${parts.join('; ')}`;
  }

  private describeResource(name: string, entry: ResourceCount, elapsedMs: number): string {
    const perSecond = elapsedMs > 0 ? (entry.events * 1000) / elapsedMs : 0;
    // Over the first second a rate is mostly noise (two events in a millisecond: "2,000/s").
    const rate = elapsedMs >= MIN_RATE_WINDOW_MS ? ` ${rateText(perSecond)}/s` : '';
    if (entry.total === undefined) return `${name} ${count(entry.events)}${rate}`;
    const share =
      entry.total > 0 ? Math.min(100, Math.floor((entry.events * 100) / entry.total)) : 100;
    const remaining = Math.max(entry.total - entry.events, 0);
    const left =
      remaining === 0 || elapsedMs < MIN_RATE_WINDOW_MS
        ? ''
        : perSecond > 0
          ? `, ${formatDuration((remaining / perSecond) * 1000)} left`
          : '';
    return `${name} ${count(entry.events)} of ${count(entry.total)} (${share}%)${rate}${left}`;
  }

  private resourceCount(resource: string): ResourceCount {
    let entry = this.resources.get(resource);
    if (entry === undefined) {
      entry = { events: 0 };
      this.resources.set(resource, entry);
    }
    return entry;
  }
}
