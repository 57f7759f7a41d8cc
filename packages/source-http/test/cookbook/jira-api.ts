import type { JsonObject } from '@oxide-mirror/core';
import { CookbookApi, type Answer, type Row } from './cookbook-api';

/** Jira's time text: milliseconds and an offset without a colon, `2024-03-01T10:00:00.000+0000`. */
function jiraTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/**
 * Jira's issue search (`GET /rest/api/3/search`): `startAt`/`maxResults` page it and the body
 * reports `total`; issues come in the JQL's order (`ORDER BY key`). A deleted issue leaves the
 * results, so deletes show in a full listing only.
 */
export class JiraApi extends CookbookApi {
  readonly resource = 'jira_issues';
  readonly showsDeletes = true;
  readonly incremental = false;

  serve(row: Row): JsonObject {
    return {
      id: String(10_000 + row.id),
      key: `PROJ-${row.id}`,
      fields: { summary: row.title, updated: jiraTime(row.updatedMs) },
    };
  }

  idOf(row: Row): string {
    return String(10_000 + row.id);
  }

  protected answer(url: URL): Answer {
    if (url.pathname !== '/rest/api/3/search') return { status: 404, body: {} };
    const startAt = Number(url.searchParams.get('startAt') ?? '0');
    // Jira caps maxResults; the fake caps it at its page size, so a client must follow `total`.
    const maxResults = Math.min(Number(url.searchParams.get('maxResults') ?? '50'), this.pageSize);
    const live = this.byId().filter((row) => !row.deleted);
    const rows = live.slice(startAt, startAt + maxResults);
    return {
      status: 200,
      body: { startAt, maxResults, total: live.length, issues: this.page(rows) },
    };
  }
}
