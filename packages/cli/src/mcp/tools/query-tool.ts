import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { compactResult } from '../compact-result';
import type { McpContext } from '../mcp-context';
import { CROSS_SERVICE_EXAMPLE, sqlBlock } from '../query-examples';
import { GUIDE_URI } from '../resources/resource-uris';
import { sqlDialectOf } from '../sql-dialect';
import { guarded, toolResult } from '../tool-result';
import { resultCapArguments } from './result-caps';

/** What `query` returns, for clients that check structured results. */
const QUERY_OUTPUT = {
  columns: z.array(z.string()).describe('column names in SELECT order'),
  rows: z.array(z.array(z.unknown())).describe('rows as arrays in column order'),
  rowCount: z.int().describe('rows returned'),
  truncated: z
    .union([z.literal(false), z.literal('rows'), z.literal('bytes')])
    .describe('false, or why the rows stop: the row cap, or the next row would pass the byte cap'),
  moreRows: z.boolean().describe('true when the query has rows beyond those returned'),
};

/** `query`: read-only SQL over the whole mirror, with compact results. */
export function registerQuery(server: McpServer, context: McpContext): void {
  const limits = context.results;
  const caps = resultCapArguments(limits, 'rows');
  const { defaultRows, defaultBytes } = caps;
  server.registerTool(
    'query',
    {
      title: 'Read-only SQL',
      description:
        `Runs one read-only ${sqlDialectOf(context.session.settings)} statement over the local ` +
        'mirror and returns {columns, rows, rowCount, truncated, moreRows}: rows are arrays in ' +
        'column order, numbers as numbers, NULL as null, and JSON objects and arrays (nested ' +
        'payload fields) as JSON. Query the views: each resource has a view named after it ' +
        '(list_resources names it) with record_id and one column per payload field. Join ' +
        "resources on shared values. The mirror's own tables (mirror_records, mirror_events, " +
        `sync_runs, mirror_rejects) are described in the ${GUIDE_URI} resource. ` +
        `A call returns at most ${defaultRows} rows and ${defaultBytes} bytes unless it asks for ` +
        `more with maxRows (up to ${limits.maxRows}) and maxBytes (up to ${limits.maxBytes}); ` +
        'prefer aggregates, filters and LIMIT/OFFSET to big results. Queries are stopped after ' +
        'the configured time limit; writes, ATTACH, pragmas that set anything and extension ' +
        `loading are refused. Example, with the demo mirror's views:\n` +
        sqlBlock(CROSS_SERVICE_EXAMPLE),
      inputSchema: {
        sql: z
          .string()
          .min(1)
          .describe('one SELECT (or WITH … SELECT) statement; use ? for parameters'),
        params: z
          .array(z.union([z.string(), z.number(), z.boolean(), z.null()]))
          .optional()
          .describe('values for the ? placeholders, in order'),
        maxRows: caps.rows,
        maxBytes: caps.bytes,
      },
      outputSchema: QUERY_OUTPUT,
      annotations: { readOnlyHint: true },
    },
    ({ sql, params, maxRows, maxBytes }, extra) =>
      guarded(context.redact, async () => {
        const asked = { rows: maxRows ?? defaultRows, bytes: maxBytes ?? defaultBytes };
        const values = params?.map((value) => (typeof value === 'boolean' ? Number(value) : value));
        // Each MCP session waits its turn for a query process, so one client cannot starve another.
        const client = `mcp:${extra.sessionId ?? 'stdio'}`;
        // One row beyond the cap tells whether more exist; the server's byte cap bounds what
        // the store reads, the call's own cap is applied to the JSON text.
        const query = () =>
          context.session.store.runQuery(
            sql,
            values,
            { maxRows: asked.rows + 1, maxBytes: limits.maxBytes },
            { client },
          );
        const result = await (context.timeQuery?.(client, query) ?? query());
        return toolResult({ ...compactResult(result, asked) });
      }),
  );
}
