import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpContext } from '../mcp-context';
import { guarded, toolResult } from '../tool-result';

const EXAMPLE = `SELECT json_extract(c.payload, '$.name') AS customer, count(t.record_id) AS urgent_tickets
FROM mirror_records AS c
JOIN mirror_records AS t
  ON t.resource = 'helpdesk_tickets'
 AND json_extract(t.payload, '$.customerEmail') = json_extract(c.payload, '$.email')
WHERE c.resource = 'crm_contacts' AND json_extract(t.payload, '$.priority') = 'urgent'
GROUP BY c.record_id ORDER BY urgent_tickets DESC`;

/** `query`: read-only SQL over the whole mirror. */
export function registerQuery(server: McpServer, context: McpContext): void {
  server.registerTool(
    'query',
    {
      title: 'Read-only SQL',
      description:
        'Runs one read-only SQLite statement over the local mirror and returns {columns, rows, rowCount, ' +
        'truncated}: rows are arrays in column order, with numbers as numbers and NULL as null. ' +
        'Tables: mirror_records(resource, record_id, payload JSON, source, confidence, version, occurred_at, ' +
        'last_synced_at) holds the live records of every resource; each resource also has a view named ' +
        'after it with one column per payload field (see list_resources / describe_resource); ' +
        'mirror_events is the append-only change log; sync_runs records syncs. ' +
        `Results stop at ${context.maxRows} rows (truncated says so) and queries are stopped after the ` +
        'configured time limit; writes, ATTACH, pragmas that set anything and extension loading are refused. ' +
        "Use json_extract(payload, '$.field') to read fields and join resources on shared values. " +
        `Example cross-resource join:\n${EXAMPLE}`,
      inputSchema: {
        sql: z
          .string()
          .min(1)
          .describe('one SELECT (or WITH … SELECT) statement; use ? for parameters'),
        params: z
          .array(z.union([z.string(), z.number(), z.boolean(), z.null()]))
          .optional()
          .describe('values for the ? placeholders, in order'),
        maxRows: z
          .number()
          .int()
          .positive()
          .optional()
          .describe(`at most this many rows (cap ${context.maxRows})`),
      },
      annotations: { readOnlyHint: true },
    },
    ({ sql, params, maxRows }, extra) =>
      guarded(context.redact, async () => {
        const limit = Math.min(maxRows ?? context.maxRows, context.maxRows);
        const values = params?.map((value) => (typeof value === 'boolean' ? Number(value) : value));
        // Each MCP session waits its turn for a query process, so one client cannot starve another.
        const client = `mcp:${extra.sessionId ?? 'stdio'}`;
        const query = () =>
          context.session.store.runQuery(sql, values, { maxRows: limit }, { client });
        const result = await (context.timeQuery?.(client, query) ?? query());
        return toolResult({
          columns: result.columns,
          rows: result.rows.map((row) => row.map(jsonSafe)),
          rowCount: result.rows.length,
          truncated: result.truncated ?? false,
        });
      }),
  );
}

/** Blobs cannot travel as JSON: they are sent as base64 text. */
function jsonSafe(value: unknown): unknown {
  return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
}
