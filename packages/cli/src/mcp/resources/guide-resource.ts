import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpContext } from '../mcp-context';
import { GUIDE_EXAMPLES, sqlBlock } from '../query-examples';
import { sqlDialectOf } from '../sql-dialect';
import { GUIDE_URI, viewResourceUri } from './resource-uris';

/** How each dialect reads a field of a JSON payload. */
const FIELD_ACCESS: Record<string, string> = {
  SQLite: "json_extract(payload, '$.email')",
  PostgreSQL: "payload->>'email'",
};

const TABLES = `## The mirror's own tables

**mirror_records**: the live records of every resource, one row per record (deleted records are
not in it).
- resource, record_id: which record
- payload: the record as JSON
- source, confidence: the source and confidence of the change that produced it
- version: 1 + the number of changes applied to it
- occurred_at: when that change happened, on the source's clock (ISO 8601)
- last_synced_at: when it was written to the mirror

**mirror_events**: the append-only log of every change that reached the mirror; never updated.
- position: the log order (strictly increasing)
- event_id: the change's content hash (the same change is logged once)
- source, resource, record_id: who sent it, about which record
- op: 'upsert' or 'delete'
- payload: the record as the source sent it (JSON; null for a delete)
- confidence: how much the source is trusted for it, 0 to 1
- occurred_at: when it happened on the source's clock; recorded_at: when the mirror logged it
- schema_version: the payload's schema version; redacted: its payload was erased on request

**sync_runs**: one row per sync of a source.
- id, source, started_at, finished_at
- outcome: 'running', 'ok', 'partial' (pages committed, then it failed: a rerun resumes),
  'interrupted' (stopped after committing the page in flight), 'abandoned' (its process died),
  'failed'
- pages, pulled, applied, skipped, duplicates, rejected: what the run committed
- cursor_before, cursor_after: where it started and stopped in the source
- error: the error, if any; per_resource: the counts per resource (JSON)

**mirror_rejects**: records the mirror set aside because they were invalid or unreadable.
- id, source, resource, record_id (when known)
- kind: 'delta' (a change that failed validation) or 'record' (a record the source could not read)
- raw: the JSON as received; raw_hash: its hash (each raw value is kept once)
- reason: why it was set aside; rejected_at: when`;

/**
 * The guide to the mirror (`oxide-mirror://guide`): what the views are, the mirror's own tables
 * with their columns, and example queries that the tests run against the demo mirror.
 */
export function registerGuideResource(server: McpServer, context: McpContext): void {
  server.registerResource(
    'guide',
    GUIDE_URI,
    {
      title: 'Guide to the mirror',
      description:
        "The mirror's views and its own tables (mirror_records, mirror_events, sync_runs, " +
        'mirror_rejects) with their columns, and tested example queries.',
      mimeType: 'text/markdown',
    },
    (uri) => ({
      contents: [{ uri: uri.href, mimeType: 'text/markdown', text: guideText(context) }],
    }),
  );
}

function guideText(context: McpContext): string {
  const dialect = sqlDialectOf(context.session.settings);
  const access = FIELD_ACCESS[dialect];
  return [
    '# The mirror',
    '',
    `One ${dialect} database holds every mirrored resource (a kind of record, e.g. contacts of a ` +
      'CRM). Queries are read-only and bounded in time and size.',
    '',
    '## Views: query these first',
    '',
    'Each resource has a view named after it (list_resources gives the name): one row per live ' +
      'record, with record_id and one column per top-level payload field. ' +
      `${viewResourceUri('<resource>')} describes a view's columns, types and example values. ` +
      'Join resources on the values they share (emails, ids); compare emails with lower() on both ' +
      'sides, since services store them as people typed them; aggregate each side before joining ' +
      'so that neither multiplies the other.',
    ...(access === undefined
      ? []
      : ['', `In mirror_records and mirror_events a payload field reads as ${access}.`]),
    '',
    TABLES,
    '',
    '## Example queries',
    '',
    ...GUIDE_EXAMPLES.map((example) => `${sqlBlock(example)}\n`),
  ].join('\n');
}
