import { Subject } from 'rxjs';
import type { MirrorChange } from '@oxide-mirror/core';
import type { OutputStream } from '../src/cli-io';
import { SyncProgress } from '../src/output/sync-progress';

/** A terminal that keeps what was written, and a clock the test moves. */
function terminal() {
  const written: string[] = [];
  let now = 0;
  const stream: OutputStream = {
    write: (text: string) => written.push(text),
    columns: 200,
    isTTY: true,
  };
  return {
    progress: new SyncProgress(stream, () => now),
    lastLine: () => (written[written.length - 1] ?? '').replace('\r\x1b[2K', ''),
    advance: (ms: number) => (now += ms),
  };
}

const applied = { decision: 'applied', position: 1 } as unknown as MirrorChange;

describe('the sync progress line', () => {
  it("shows a source's wait and why, until it is over", () => {
    const t = terminal();
    const changes = new Subject<MirrorChange>();
    t.progress.start('crm', changes);
    changes.next(applied);
    t.progress.waiting('crm', { ms: 30_000, reason: 'rate-limited', detail: '429 from /contacts' });
    expect(t.lastLine()).toMatch(
      /^syncing crm: 1 events committed .* — waiting 30s, rate limited: 429 from \/contacts$/,
    );
    t.advance(31_000);
    changes.next(applied);
    expect(t.lastLine()).toMatch(
      /^syncing crm: 2 events committed \(2 applied, 0 skipped\) 31\.0s$/,
    );
    t.progress.stop();
  });

  it("ignores another source's wait", () => {
    const t = terminal();
    t.progress.start('crm', new Subject<MirrorChange>());
    const before = t.lastLine();
    t.progress.waiting('billing', { ms: 5000, reason: 'retry', detail: '503' });
    expect(t.lastLine()).toBe(before);
    t.progress.stop();
  });
});
