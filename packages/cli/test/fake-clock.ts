import type { SchedulerClock } from '../src/serve/sync-scheduler';

/** A clock that moves only when told, firing due timers in time order. */
export class FakeClock implements SchedulerClock {
  private time = Date.parse('2026-01-01T00:00:00.000Z');
  private timers: { at: number; run: () => void; id: number }[] = [];
  private nextId = 1;
  randomValue = 0;

  now(): number {
    return this.time;
  }
  random(): number {
    return this.randomValue;
  }
  setTimeout(run: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, run, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** Moves time forward by `ms`, running every timer that falls due, and settles promises. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (next === undefined || next.at > end) break;
      this.timers.shift();
      this.time = next.at;
      next.run();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
