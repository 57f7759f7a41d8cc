import { Subject } from 'rxjs';
import type { MirrorChange } from '@oxide-mirror/core';
import type { OutputStream } from '../src/cli-io';
import { SyncProgress, type SyncProgressOptions } from '../src/output/sync-progress';

/** A stream that keeps what was written, and a clock the test moves. */
function output(options: Omit<SyncProgressOptions, 'now'>, isTTY = options.mode === 'redraw') {
  const written: string[] = [];
  let now = 0;
  const stream: OutputStream = { write: (text: string) => written.push(text), columns: 300, isTTY };
  return {
    progress: new SyncProgress(stream, { ...options, now: () => now }),
    written,
    lastLine: () => (written[written.length - 1] ?? '').replace('\r\x1b[2K', ''),
    advance: (ms: number) => (now += ms),
  };
}

/** A committed change of `resource`. */
function change(resource: string, decision: 'applied' | 'skipped' = 'applied'): MirrorChange {
  return { position: 1, decision, delta: { resource } } as unknown as MirrorChange;
}

describe('the sync progress line on a terminal', () => {
  it("shows a source's wait and why, until it is over", () => {
    const t = output({ mode: 'redraw' });
    const changes = new Subject<MirrorChange>();
    t.progress.start('crm', changes);
    changes.next(change('contacts'));
    t.progress.waiting('crm', { ms: 30_000, reason: 'rate-limited', detail: '429 from /contacts' });
    expect(t.lastLine()).toMatch(
      /^syncing crm 0 ms: 1 events committed .* — waiting 30s, rate limited: 429 from \/contacts$/,
    );
    t.advance(31_000);
    changes.next(change('contacts'));
    expect(t.lastLine()).toBe(
      'syncing crm 31.0 s: 2 events committed (2 applied, 0 skipped); contacts 2 0.1/s',
    );
    t.progress.stop();
  });

  it("ignores another source's wait", () => {
    const t = output({ mode: 'redraw' });
    t.progress.start('crm', new Subject<MirrorChange>());
    const before = t.lastLine();
    t.progress.waiting('billing', { ms: 5000, reason: 'retry', detail: '503' });
    expect(t.lastLine()).toBe(before);
    t.progress.stop();
  });

  it('shows each resource with its rate, and the share and time left where a total is known', () => {
    const t = output({ mode: 'redraw' });
    const changes = new Subject<MirrorChange>();
    t.progress.start('crm', changes);
    t.progress.total('crm', 'contacts', 400);
    t.advance(2000);
    for (let i = 0; i < 100; i++) changes.next(change('contacts'));
    t.advance(100);
    changes.next(change('companies', 'skipped'));
    expect(t.lastLine()).toBe(
      'syncing crm 2.1 s: 101 events committed (100 applied, 1 skipped); ' +
        'contacts 100 of 400 (25%) 48/s, 6.3 s left; companies 1 0.5/s',
    );
    t.progress.stop();
    expect(t.written[t.written.length - 1]).toBe('\r\x1b[2K');
  });

  it('ignores a total another source reports', () => {
    const t = output({ mode: 'redraw' });
    const changes = new Subject<MirrorChange>();
    t.progress.start('crm', changes);
    t.progress.total('billing', 'contacts', 10);
    t.advance(1000);
    changes.next(change('contacts'));
    expect(t.lastLine()).toMatch(/contacts 1 1\.0\/s$/);
    t.progress.stop();
  });
});

describe('the sync progress lines in a log or pipe', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('writes a plain line every interval, also while nothing arrives, and nothing to clear', () => {
    const t = output({ mode: 'lines', lineEveryMs: 5000 });
    const changes = new Subject<MirrorChange>();
    t.progress.start('crm', changes);
    changes.next(change('contacts'));
    expect(t.written).toEqual([]);
    t.advance(5000);
    jest.advanceTimersByTime(5000);
    expect(t.written).toEqual([
      'syncing crm 5.0 s: 1 events committed (1 applied, 0 skipped); contacts 1 0.2/s\n',
    ]);
    t.advance(5000);
    jest.advanceTimersByTime(5000);
    expect(t.written).toHaveLength(2);
    expect(t.written[1]).toMatch(/^syncing crm 10\.0 s: 1 events committed .*\n$/);
    t.progress.stop();
    t.advance(5000);
    jest.advanceTimersByTime(5000);
    expect(t.written).toHaveLength(2);
    expect(t.written.join('')).not.toContain('\r');
  });

  it('writes a wait at once, and an event only when the interval has passed', () => {
    const t = output({ mode: 'lines', lineEveryMs: 5000 });
    const changes = new Subject<MirrorChange>();
    t.progress.start('crm', changes);
    t.progress.waiting('crm', { ms: 2000, reason: 'retry', detail: '503 from /contacts' });
    expect(t.written).toEqual([
      'syncing crm 0 ms: 0 events committed (0 applied, 0 skipped) — waiting 2s, retrying: 503 from /contacts\n',
    ]);
    t.advance(4999);
    changes.next(change('contacts'));
    expect(t.written).toHaveLength(1);
    t.advance(1);
    changes.next(change('contacts'));
    expect(t.written).toHaveLength(2);
    t.progress.stop();
  });

  it('with an interval of 0, writes a line after every committed event', () => {
    const t = output({ mode: 'lines', lineEveryMs: 0 });
    const changes = new Subject<MirrorChange>();
    t.progress.start('crm', changes);
    changes.next(change('contacts'));
    changes.next(change('contacts'));
    expect(t.written.map((line) => line.replace(/ \d+ ms:/, ':'))).toEqual([
      'syncing crm: 1 events committed (1 applied, 0 skipped); contacts 1\n',
      'syncing crm: 2 events committed (2 applied, 0 skipped); contacts 2\n',
    ]);
    t.progress.stop();
  });
});
