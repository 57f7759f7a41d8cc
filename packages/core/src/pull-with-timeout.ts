import { Observable } from 'rxjs';
import { SourceProtocolError } from './errors';
import type { PullResult, SyncSource } from './sync-source';

/**
 * One `pull` as an Observable: a synchronous throw becomes an error notification, the pull is
 * aborted (through its signal) when the subscriber goes away, and a pull that does not settle
 * within `timeoutMs` fails instead of hanging the sync.
 */
export function pullWithTimeout(
  source: SyncSource,
  cursor: string | undefined,
  page: number,
  timeoutMs: number,
): Observable<PullResult> {
  return new Observable<PullResult>((subscriber) => {
    const controller = new AbortController();
    let settled = false;
    const timer = setTimeout(() => {
      const error = new SourceProtocolError(
        source.id,
        `did not answer pull #${page} within ${timeoutMs} ms`,
      );
      controller.abort(error);
      subscriber.error(error);
    }, timeoutMs);
    Promise.resolve()
      .then(() => source.pull(cursor, { signal: controller.signal, page }))
      .then(
        (result) => {
          settled = true;
          subscriber.next(result);
          subscriber.complete();
        },
        (error: unknown) => {
          settled = true;
          subscriber.error(error);
        },
      );
    return () => {
      clearTimeout(timer);
      if (!settled) controller.abort();
    };
  });
}
