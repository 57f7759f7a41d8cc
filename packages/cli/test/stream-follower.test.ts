import type { SyncRun } from '@oxide-mirror/core';
import { FOLLOW_SCHEDULE, StreamFollower } from '../src/serve/stream-follower';
import { FakeClock, settle } from './fake-clock';

type Ending = Pick<SyncRun, 'outcome' | 'pages'>;

/** Stream sessions that end when the test says so (or when stopped), recording when each began. */
class Sessions {
  readonly started: number[] = [];
  readonly signals: AbortSignal[] = [];
  private end: ((ending: Ending) => void) | undefined;

  constructor(private readonly clock: FakeClock) {}

  follow = (signal: AbortSignal): Promise<SyncRun> => {
    this.started.push(this.clock.now());
    this.signals.push(signal);
    return new Promise((resolve) => {
      const finish = (ending: Ending): void => {
        this.end = undefined;
        resolve({ ...RUN, ...ending });
      };
      this.end = finish;
      // A stopped session commits its batch in flight, then is recorded as interrupted.
      signal.addEventListener('abort', () => finish({ outcome: 'interrupted', pages: 1 }));
    });
  };

  async finish(outcome: SyncRun['outcome'], pages = 0): Promise<void> {
    if (this.end === undefined) throw new Error('no session in progress');
    this.end({ outcome, pages });
    await settle();
  }
}

const RUN: SyncRun = {
  id: 1,
  source: 'feed',
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:01.000Z',
  outcome: 'ok',
  pages: 0,
  pulled: 0,
  applied: 0,
  skipped: 0,
  duplicates: 0,
  rejected: 0,
  cursorBefore: undefined,
  cursorAfter: undefined,
  error: undefined,
  perResource: {},
};

function follower(clock: FakeClock, sessions: Sessions): StreamFollower {
  return new StreamFollower({
    source: 'feed',
    follow: sessions.follow,
    backoff: { initialMs: 60_000, maxMs: 240_000 },
    clock,
  });
}

/** Ends the session in progress as `outcome` and returns how long the next one waited. */
async function gapAfter(
  clock: FakeClock,
  sessions: Sessions,
  outcome: SyncRun['outcome'],
  pages = 0,
): Promise<number> {
  const endedAt = clock.now();
  const before = sessions.started.length;
  await sessions.finish(outcome, pages);
  await clock.advance(600_000);
  if (sessions.started.length !== before + 1) throw new Error('no new session started');
  return (sessions.started.at(-1) as number) - endedAt;
}

describe('StreamFollower', () => {
  it('follows at once and restarts failed sessions with the backoff of scheduled runs', async () => {
    const clock = new FakeClock();
    const sessions = new Sessions(clock);
    follower(clock, sessions).start();
    await settle();
    expect(sessions.started).toEqual([clock.now()]);
    const gaps = [];
    for (let i = 0; i < 4; i++) gaps.push(await gapAfter(clock, sessions, 'failed'));
    expect(gaps).toEqual([60_000, 120_000, 240_000, 240_000]);
  });

  it('starts the count over after a session that committed before failing, or that ended', async () => {
    const clock = new FakeClock();
    const sessions = new Sessions(clock);
    follower(clock, sessions).start();
    await settle();
    await gapAfter(clock, sessions, 'failed');
    await gapAfter(clock, sessions, 'failed');
    expect(await gapAfter(clock, sessions, 'partial', 3)).toBe(60_000);
    expect(await gapAfter(clock, sessions, 'failed')).toBe(120_000);
    // A stream that ends by itself is followed again after the first wait, never in a spin.
    expect(await gapAfter(clock, sessions, 'ok')).toBe(60_000);
    expect(await gapAfter(clock, sessions, 'failed')).toBe(60_000);
  });

  it('tells the status page whether it is live, its failures and when it restarts', async () => {
    const clock = new FakeClock();
    const sessions = new Sessions(clock);
    const followed = follower(clock, sessions);
    followed.start();
    await settle();
    expect(followed.live).toBe(true);
    expect(followed.state()).toEqual({
      source: 'feed',
      schedule: FOLLOW_SCHEDULE,
      running: true,
      queued: false,
      nextRunAt: undefined,
      failures: 0,
    });
    const failedAt = clock.now();
    await sessions.finish('failed');
    expect(followed.live).toBe(false);
    expect(followed.state()).toMatchObject({
      running: false,
      failures: 1,
      nextRunAt: new Date(failedAt + 60_000),
    });
  });

  it('on stop ends the session after its batch in flight and starts no other', async () => {
    const clock = new FakeClock();
    const sessions = new Sessions(clock);
    const followed = follower(clock, sessions);
    followed.start();
    await settle();
    await followed.stop();
    expect(sessions.signals.map((signal) => signal.aborted)).toEqual([true]);
    await clock.advance(3_600_000);
    expect(sessions.started).toHaveLength(1);
  });

  it('on stop while waiting to restart resolves at once and starts nothing', async () => {
    const clock = new FakeClock();
    const sessions = new Sessions(clock);
    const followed = follower(clock, sessions);
    followed.start();
    await settle();
    await sessions.finish('failed');
    await followed.stop();
    await clock.advance(3_600_000);
    expect(sessions.started).toHaveLength(1);
    expect(followed.state().nextRunAt).toBeUndefined();
  });
});
