import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { JsonObject } from '@oxide-mirror/core';
import { CookbookApi, isoSeconds, type Answer, type Row } from './cookbook-api';

/** Requests per rate-limit window; small, so every sync meets the limit. */
const QUOTA = 5;

/**
 * GitHub's issues listing (`GET /repos/{owner}/{repo}/issues`): `since` keeps issues updated at
 * or after a time, `sort=updated&direction=asc` orders them, `page`/`per_page` page them with a
 * `Link` header, an `ETag` revalidates, and a spent quota answers 403 with
 * `x-ratelimit-remaining: 0` and `x-ratelimit-reset` (epoch seconds). Issues are never deleted.
 */
export class GitHubApi extends CookbookApi {
  readonly resource = 'github_issues';
  readonly showsDeletes = false;
  readonly incremental = true;
  /** `304 Not Modified` answers since the last {@link resetCounts}. */
  notModified = 0;
  private remaining = QUOTA;
  private resetAt = 0;

  serve(row: Row): JsonObject {
    return {
      id: row.id,
      number: row.id,
      title: row.title,
      state: 'open',
      updated_at: isoSeconds(row.updatedMs),
    };
  }

  idOf(row: Row): string {
    return String(row.id);
  }

  override resetCounts(): void {
    super.resetCounts();
    this.notModified = 0;
  }

  protected answer(url: URL, headers: IncomingMessage['headers']): Answer {
    if (url.pathname !== '/repos/acme/widgets/issues')
      return { status: 404, body: { message: 'Not Found' } };
    const limited = this.rateLimit();
    if (limited) return limited;
    const q = url.searchParams;
    if (q.get('sort') !== 'updated' || q.get('direction') !== 'asc' || q.get('state') !== 'all') {
      return { status: 422, body: { message: 'expected state=all&sort=updated&direction=asc' } };
    }
    const since = q.get('since') === null ? 0 : Date.parse(q.get('since') as string);
    // The fake pages in its own, smaller size, so a few records span several pages.
    const perPage = Math.min(Number(q.get('per_page') ?? '30'), this.pageSize);
    const page = Number(q.get('page') ?? '1');
    const matching = this.byUpdate().filter((row) => row.updatedMs >= since);
    const rows = matching.slice((page - 1) * perPage, page * perPage);
    const served = rows.map((row) => this.serve(row));
    const etag = `"${createHash('sha1').update(JSON.stringify(served)).digest('hex')}"`;
    if (headers['if-none-match'] === etag) {
      this.notModified += 1;
      return { status: 304, headers: { etag, ...this.quotaHeaders() } };
    }
    const body = this.page(rows);
    const answerHeaders: Record<string, string> = { etag, ...this.quotaHeaders() };
    if (page * perPage < matching.length) {
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      answerHeaders.link = `<${next.toString()}>; rel="next"`;
    }
    return { status: 200, body, headers: answerHeaders };
  }

  private rateLimit(): Answer | undefined {
    const now = this.clock.now().getTime();
    if (now >= this.resetAt) {
      this.remaining = QUOTA;
      this.resetAt = now + 60_000;
    }
    if (this.remaining > 0) {
      this.remaining -= 1;
      return undefined;
    }
    return {
      status: 403,
      body: { message: 'API rate limit exceeded' },
      headers: this.quotaHeaders(),
    };
  }

  private quotaHeaders(): Record<string, string> {
    return {
      'x-ratelimit-limit': String(QUOTA),
      'x-ratelimit-remaining': String(this.remaining),
      'x-ratelimit-reset': String(Math.ceil(this.resetAt / 1000)),
    };
  }
}
