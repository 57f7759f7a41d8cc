import type { JsonObject } from '@oxide-mirror/core';
import { CookbookApi, isoSeconds, type Answer, type Row } from './cookbook-api';

/**
 * Zendesk's time-based incremental ticket export (`GET /api/v2/incremental/tickets.json`):
 * `start_time` (unix seconds) is required and inclusive; tickets come oldest change first, with
 * `next_page` (the same export from `end_time`, the last ticket's time), `end_time` and
 * `end_of_stream` (true on the last page). Deleted tickets stay in the export with status
 * `deleted`.
 */
export class ZendeskApi extends CookbookApi {
  readonly resource = 'zendesk_tickets';
  readonly showsDeletes = true;
  readonly incremental = true;

  serve(row: Row): JsonObject {
    return {
      id: row.id,
      subject: row.title,
      status: row.deleted ? 'deleted' : 'open',
      updated_at: isoSeconds(row.updatedMs),
    };
  }

  idOf(row: Row): string {
    return String(row.id);
  }

  protected answer(url: URL): Answer {
    if (url.pathname !== '/api/v2/incremental/tickets.json') return { status: 404, body: {} };
    const start = url.searchParams.get('start_time');
    if (start === null || !/^\d+$/.test(start)) {
      return {
        status: 400,
        body: { error: 'InvalidValue', description: 'start_time is required' },
      };
    }
    const rows = this.byUpdate()
      .filter((row) => row.updatedMs >= Number(start) * 1000)
      .slice(0, this.pageSize);
    const last = rows[rows.length - 1];
    const endTime = last === undefined ? Number(start) : Math.floor(last.updatedMs / 1000);
    const next = new URL(url);
    next.searchParams.set('start_time', String(endTime));
    return {
      status: 200,
      body: {
        tickets: this.page(rows),
        count: rows.length,
        end_time: endTime,
        next_page: next.toString(),
        end_of_stream: rows.length < this.pageSize,
      },
    };
  }
}
