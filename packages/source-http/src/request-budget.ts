import { HttpSourceError } from './errors';

/**
 * A cap on requests per sync, for APIs with a daily quota: once spent, the next request fails,
 * so the sync ends as partial and the next one resumes where this one stopped.
 */
export class RequestBudget {
  private used = 0;

  /** @param limit requests allowed between two {@link reset}s; `Infinity` for no cap. */
  constructor(private readonly limit: number) {}

  /** Starts a new sync's count. */
  reset(): void {
    this.used = 0;
  }

  /** Counts one request to `url` (already redacted); throws once the budget is spent. */
  take(url: string): void {
    if (this.used >= this.limit) {
      throw new HttpSourceError(
        url,
        `request budget of ${this.limit} per sync (maxRequestsPerSync) is spent; the next sync resumes here`,
        { reason: 'budget', attempts: 0 },
      );
    }
    this.used += 1;
  }
}
