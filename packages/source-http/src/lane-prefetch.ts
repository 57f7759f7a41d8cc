import type { LanePosition } from './cursor-state';
import type { HttpJsonResponse } from './http-client';

/** A page fetched for a lane's position, not yet turned into deltas. */
export interface FetchedPage {
  resource: string;
  position: LanePosition;
  response: HttpJsonResponse;
}

/** Fetches the page a request names; rejects with the signal's reason when it aborts. */
export type PageFetch = (
  url: string,
  ifNoneMatch: string | undefined,
  signal: AbortSignal,
) => Promise<HttpJsonResponse>;

/**
 * The requests in flight, at most one per resource: each lane's next page is fetched while the
 * engine commits the page before it, and the lanes of several resources download side by side.
 * Memory stays bounded by one page per lane. The requests outlive a pull (that is the point), so
 * they run under this object's own abort signal, which a pull's signal aborts while it waits.
 */
export class LanePrefetch {
  private readonly inflight = new Map<string, Promise<FetchedPage>>();
  private controller = new AbortController();

  constructor(private readonly fetchPage: PageFetch) {}

  /** Whether a page of `resource` is in flight. */
  has(resource: string): boolean {
    return this.inflight.has(resource);
  }

  /** How many lanes have a page in flight. */
  get size(): number {
    return this.inflight.size;
  }

  /** Starts fetching the page at `position` of `resource`. */
  start(
    resource: string,
    position: LanePosition,
    url: string,
    ifNoneMatch: string | undefined,
  ): void {
    const page = this.fetchPage(url, ifNoneMatch, this.controller.signal).then((response) => ({
      resource,
      position,
      response,
    }));
    // Observed by next(); without this a failure nobody waits for yet would be "unhandled".
    page.catch(() => undefined);
    this.inflight.set(resource, page);
  }

  /** The first page to arrive; rejects with the first failure, or `signal`'s reason. */
  async next(signal: AbortSignal | undefined): Promise<FetchedPage> {
    signal?.throwIfAborted();
    const onAbort = (): void => this.controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const page = await Promise.race(this.inflight.values());
      this.inflight.delete(page.resource);
      return page;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Drops every request in flight: their positions are no longer the ones to continue from. */
  reset(): void {
    this.controller.abort();
    this.inflight.clear();
    this.controller = new AbortController();
  }
}
