import { filter, scan, throttleTime, type Observable, type Subscription } from 'rxjs';
import type { MirrorChange } from '@oxide-mirror/core';

/** Fewest milliseconds between two progress notices, so a fast sync does not flood the client. */
const NOTICE_EVERY_MS = 250;

/** Told how many events of the source have committed so far. */
export type SyncProgressListener = (committed: number) => void;

/**
 * Counts the committed events of `source` in `changes` and tells `listener` the running total,
 * at most every {@link NOTICE_EVERY_MS} (the latest total always arrives). Unsubscribe when the
 * sync has ended.
 */
export function watchSyncProgress(
  changes: Observable<MirrorChange>,
  source: string,
  listener: SyncProgressListener,
): Subscription {
  return changes
    .pipe(
      filter((change) => change.delta.provenance.source === source),
      scan((count) => count + 1, 0),
      throttleTime(NOTICE_EVERY_MS, undefined, { leading: true, trailing: true }),
    )
    .subscribe(listener);
}
