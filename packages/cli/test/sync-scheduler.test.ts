import { parseSchedule, type Schedule } from '../src/serve/schedule';
import { SyncScheduler } from '../src/serve/sync-scheduler';
import { FakeClock, settle } from './fake-clock';

/** Runs that finish when the test says so, recording when each started and whether two overlapped. */
class Runs {
  readonly started: { source: string; at: number }[] = [];
  overlapped = false;
  private active = 0;
  private pending: ((ok: boolean) => void)[] = [];

  constructor(private readonly clock: FakeClock) {}

  run = (source: string): Promise<boolean> => {
    this.started.push({ source, at: this.clock.now() });
    if (++this.active > 1) this.overlapped = true;
    return new Promise((resolve) => {
      this.pending.push((ok) => {
        this.active--;
        resolve(ok);
      });
    });
  };

  async finish(ok = true): Promise<void> {
    const next = this.pending.shift();
    if (next === undefined) throw new Error('no run in progress');
    next(ok);
    await settle();
  }
}

function scheduler(
  clock: FakeClock,
  runs: Runs,
  schedules: Record<string, string | undefined>,
  options: { jitterMs?: number } = {},
): SyncScheduler {
  const parsed = new Map<string, Schedule | undefined>(
    Object.entries(schedules).map(([id, text]) => [id, text ? parseSchedule(text) : undefined]),
  );
  return new SyncScheduler({
    schedules: parsed,
    run: runs.run,
    jitterMs: options.jitterMs ?? 0,
    backoff: { initialMs: 60_000, maxMs: 240_000 },
    clock,
  });
}

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const recently = (clock: FakeClock): Map<string, Date> =>
  new Map([
    ['crm', new Date(clock.now())],
    ['billing', new Date(clock.now())],
  ]);

describe('parseSchedule', () => {
  it('reads intervals and cron expressions', () => {
    const at = new Date('2026-01-01T00:07:30.000Z');
    expect(parseSchedule('every 5m').next(at).toISOString()).toBe('2026-01-01T00:12:30.000Z');
    expect(parseSchedule('every 2h').next(at).toISOString()).toBe('2026-01-01T02:07:30.000Z');
    expect(parseSchedule('*/15 * * * *').next(at).toISOString()).toBe('2026-01-01T00:15:00.000Z');
  });

  it('refuses what is neither, saying what is accepted', () => {
    expect(() => parseSchedule('every five minutes')).toThrow(/every <n><s\|m\|h\|d>.*cron/);
    expect(() => parseSchedule('every 0m')).toThrow(/at least 1s/);
  });
});

describe('SyncScheduler', () => {
  it('fires each source on its schedule once the previous run has finished', async () => {
    const clock = new FakeClock();
    const runs = new Runs(clock);
    scheduler(clock, runs, { crm: 'every 5m', billing: undefined }).start(recently(clock));
    await clock.advance(4 * 60_000);
    expect(runs.started).toEqual([]);
    await clock.advance(60_000);
    expect(runs.started).toEqual([{ source: 'crm', at: T0 + 5 * 60_000 }]);
    await runs.finish();
    await clock.advance(5 * 60_000);
    expect(runs.started.map((run) => run.at)).toEqual([T0 + 5 * 60_000, T0 + 10 * 60_000]);
  });

  it('never overlaps a run with itself, however long it takes', async () => {
    const clock = new FakeClock();
    const runs = new Runs(clock);
    const scheduled = scheduler(clock, runs, { crm: 'every 1m' });
    scheduled.start(recently(clock));
    await clock.advance(60_000);
    expect(runs.started).toHaveLength(1);
    // The run takes ten intervals; no second one starts meanwhile, even when asked for twice.
    await clock.advance(10 * 60_000);
    expect(scheduled.trigger('crm')).toBe('queued');
    expect(scheduled.trigger('crm')).toBe('already-queued');
    expect(runs.started).toHaveLength(1);
    await runs.finish();
    expect(runs.started).toHaveLength(2);
    expect(runs.overlapped).toBe(false);
    await runs.finish();
    await clock.advance(60_000);
    expect(runs.started).toHaveLength(3);
    expect(runs.overlapped).toBe(false);
  });

  it('runs one sync at a time over all sources, in the order they fell due', async () => {
    const clock = new FakeClock();
    const runs = new Runs(clock);
    scheduler(clock, runs, { crm: 'every 1m', billing: 'every 1m' }).start(recently(clock));
    await clock.advance(60_000);
    expect(runs.started.map((run) => run.source)).toEqual(['crm']);
    await runs.finish();
    expect(runs.started.map((run) => run.source)).toEqual(['crm', 'billing']);
    expect(runs.overlapped).toBe(false);
  });

  it('adds jitter to every planned run', async () => {
    const clock = new FakeClock();
    clock.randomValue = 0.5;
    const runs = new Runs(clock);
    scheduler(clock, runs, { crm: 'every 1m' }, { jitterMs: 10_000 }).start(recently(clock));
    await clock.advance(64_999);
    expect(runs.started).toEqual([]);
    await clock.advance(1);
    expect(runs.started).toEqual([{ source: 'crm', at: T0 + 65_000 }]);
  });

  it('backs off after failures, doubling up to the maximum, and resets on success', async () => {
    const clock = new FakeClock();
    const runs = new Runs(clock);
    const scheduled = scheduler(clock, runs, { crm: 'every 10s' });
    scheduled.start(recently(clock));
    const gaps: number[] = [];
    await clock.advance(10_000);
    for (const ok of [false, false, false, false, true, true]) {
      const finishedAt = clock.now();
      await runs.finish(ok);
      await clock.advance(300_000);
      gaps.push((runs.started.at(-1)?.at ?? 0) - finishedAt);
    }
    expect(gaps).toEqual([60_000, 120_000, 240_000, 240_000, 10_000, 10_000]);
  });

  it('at start runs at once what never synced or missed its time, and waits for the rest', async () => {
    const clock = new FakeClock();
    const runs = new Runs(clock);
    const lastSuccess = new Map([
      ['fresh', new Date(T0 - 60_000)],
      ['stale', new Date(T0 - 3_600_000)],
    ]);
    scheduler(clock, runs, { fresh: 'every 5m', stale: 'every 5m', never: 'every 5m' }).start(
      lastSuccess,
    );
    await settle();
    expect(runs.started.map((run) => run.source)).toEqual(['stale']);
    await runs.finish();
    expect(runs.started.map((run) => run.source)).toEqual(['stale', 'never']);
  });

  it('stops planning on stop, and resolves once the run in progress has ended', async () => {
    const clock = new FakeClock();
    const runs = new Runs(clock);
    const scheduled = scheduler(clock, runs, { crm: 'every 1m', billing: 'every 1m' });
    scheduled.start(recently(clock));
    await clock.advance(60_000);
    let stopped = false;
    const stopping = scheduled.stop().then(() => {
      stopped = true;
    });
    await settle();
    expect(stopped).toBe(false);
    await runs.finish();
    await stopping;
    expect(stopped).toBe(true);
    await clock.advance(600_000);
    expect(runs.started.map((run) => run.source)).toEqual(['crm']);
  });
});
