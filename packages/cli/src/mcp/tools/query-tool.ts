import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpContext } from '../mcp-context';
import { CROSS_SERVICE_EXAMPLE, sqlBlock } from '../query-examples';
import { GUIDE_URI } from '../resources/resource-uris';
import { sqlDialectOf } from '../sql-dialect';
import { guarded, toolResult } from '../tool-result';

/** `query`: read-only SQL over the whole mirror. */
export function registerQuery(server: McpServer, context: McpContext): void {
  server.registerTool(
    'query',
    {
      title: 'Read-only SQL',
      description:
        `Runs one read-only ${sqlDialectOf(context.session.settings)} statement over the local mirror and returns ` +
        '{columns, rows, rowCount, truncated}: rows are arrays in column order, with numbers as numbers ' +
        'and NULL as null. Query the views: each resource has a view named after it (list_resources ' +
        'names it) with record_id and one column per payload field. Join resources on shared values. ' +
        `The mirror's own tables (mirror_records, mirror_events, sync_runs, mirror_rejects) are ` +
        `described in the ${GUIDE_URI} resource. ` +
        `Results stop at ${context.maxRows} rows (truncated says so) and queries are stopped after the ` +
        'configured time limit; writes, ATTACH, pragmas that set anything and extension loading are refused. ' +
        `Example, with the demo mirror's views:\n${sqlBlock(CROSS_SERVICE_EXAMPLE)}`,
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
