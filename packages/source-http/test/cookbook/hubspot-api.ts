import type { JsonObject } from '@oxide-mirror/core';
import { CookbookApi, type Answer, type Row } from './cookbook-api';

/**
 * HubSpot's CRM object listing (`GET /crm/v3/objects/contacts`): `limit`, an opaque `after`
 * cursor at `paging.next.after`, and `archived=true` for the archived (deleted) objects, each
 * with `archivedAt`. The listing has no "updated since" filter.
 */
export class HubSpotApi extends CookbookApi {
  readonly resource = 'hubspot_contacts';
  readonly showsDeletes = true;
  readonly incremental = false;

  serve(row: Row): JsonObject {
    const record: JsonObject = {
      id: this.idOf(row),
      properties: { firstname: row.title, hs_object_id: this.idOf(row) },
      createdAt: new Date(row.createdMs).toISOString(),
      updatedAt: new Date(row.updatedMs).toISOString(),
      archived: row.deleted,
    };
    if (row.deleted) record.archivedAt = new Date(row.updatedMs).toISOString();
    return record;
  }

  idOf(row: Row): string {
    return String(1000 + row.id);
  }

  protected answer(url: URL): Answer {
    if (url.pathname !== '/crm/v3/objects/contacts') return { status: 404, body: {} };
    const archived = url.searchParams.get('archived') === 'true';
    const limit = Math.min(Number(url.searchParams.get('limit') ?? '10'), this.pageSize);
    const after = url.searchParams.get('after');
    const from = after === null ? 0 : Number(Buffer.from(after, 'base64url').toString());
    const rows = this.byId().filter((row) => row.deleted === archived && row.id > from);
    const page = rows.slice(0, limit);
    const body: JsonObject = { results: this.page(page) };
    const last = page[page.length - 1];
    if (rows.length > limit && last !== undefined) {
      body.paging = { next: { after: Buffer.from(String(last.id)).toString('base64url') } };
    }
    return { status: 200, body };
  }
}
