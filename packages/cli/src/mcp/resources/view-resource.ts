import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { stringifyJson, type ResourceDescription } from '@oxide-mirror/core';
import type { McpContext } from '../mcp-context';
import { quoteName } from './quote-name';
import { VIEW_URI_TEMPLATE, viewResourceUri } from './resource-uris';

/** Example rows a view description shows: enough to see values, few enough to stay small. */
const EXAMPLE_ROWS = 3;

/** Longest example value shown in the column table; longer ones end in "…". */
const EXAMPLE_CHARS = 60;

/**
 * One MCP resource per resource view (`oxide-mirror://views/<resource>`): its columns with the
 * JSON types seen and how many records have each, example values and rows, the record count,
 * freshness per source and a query to start from. Listed from the catalog at each request, so
 * resources that a sync adds appear without a restart.
 */
export function registerViewResources(server: McpServer, context: McpContext): void {
  const store = context.session.store;
  server.registerResource(
    'view',
    new ResourceTemplate(VIEW_URI_TEMPLATE, {
      list: async () => ({
        resources: (await store.resourceSummaries()).map((summary) => ({
          uri: viewResourceUri(summary.resource),
          name: summary.resource,
          title: `View ${summary.view ?? '(none)'} of ${summary.resource}`,
          description: `${summary.records} live records; last synced ${summary.lastSyncedAt ?? 'never'}`,
          mimeType: 'text/markdown',
        })),
      }),
      complete: { resource: () => store.listResources() },
    }),
    {
      title: 'A resource view',
      description:
        "A resource's SQL view: columns, types, example values and rows, record count and freshness.",
      mimeType: 'text/markdown',
    },
    async (uri, variables): Promise<ReadResourceResult> => {
      const resource = decodeURIComponent(String(variables.resource));
      if (!(await store.listResources()).includes(resource)) {
        throw new Error(`unknown resource '${resource}': list the resources to see what there is`);
      }
      const description = await store.describeResource(resource);
      const text = await viewMarkdown(context, description);
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text }] };
    },
  );
}

async function viewMarkdown(
  context: McpContext,
  description: ResourceDescription,
): Promise<string> {
  const lines = [
    `# ${description.resource}`,
    '',
    `${description.records} live records, ${description.events} events in the log.`,
    ...description.freshness.map(
      (entry) =>
        `From source ${entry.source}: ${entry.records} records, last synced ${entry.lastSyncedAt}, ` +
        `newest change ${entry.latestChange} (source clock).`,
    ),
    '',
  ];
  if (description.view === null) {
    lines.push(
      'This store keeps no view for it: read its records from mirror_records ' +
        `(WHERE resource = '${description.resource}').`,
    );
    return lines.join('\n');
  }
  const view = quoteName(description.view);
  const sample = await context.session.store.runQuery(
    `SELECT * FROM ${view} LIMIT ${EXAMPLE_ROWS}`,
    undefined,
    { maxRows: EXAMPLE_ROWS },
  );
  lines.push(
    `View \`${description.view}\`: one row per live record, record_id then one column per ` +
      'top-level payload field (in SQL, objects and arrays are JSON text; query returns them as JSON).',
    '',
    '| column | types | records with it | example |',
    '| --- | --- | --- | --- |',
    ...sample.columns.map((column, i) => columnRow(column, description, sample.rows[0]?.[i])),
    '',
    `Example rows (${sample.rows.length} of ${description.records}):`,
    '```json',
    ...sample.rows.map((row) =>
      stringifyJson(Object.fromEntries(sample.columns.map((column, i) => [column, row[i]]))),
    ),
    '```',
    '',
    'Start from:',
    '```sql',
    `SELECT ${sample.columns.map(quoteName).join(', ')}\nFROM ${view}\nLIMIT 10`,
    '```',
  );
  return lines.join('\n');
}

/** A column's line: from the catalog's field, or for `record_id` from the first example row. */
function columnRow(column: string, description: ResourceDescription, first: unknown): string {
  const field = description.fields.find((entry) => entry.field === column);
  if (column === 'record_id' && field === undefined) {
    return `| record_id | text | ${description.records} | ${cell(String(first))} |`;
  }
  if (field === undefined) return `| ${column} | (none in live records) | 0 | |`;
  return `| ${column} | ${field.types.join(', ')} | ${field.records} | ${cell(field.example)} |`;
}

/** A value fit for a Markdown table cell: one line, no pipes, not too long. */
function cell(value: string | null): string {
  if (value === null) return 'null';
  const flat = value.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  return flat.length > EXAMPLE_CHARS ? `${flat.slice(0, EXAMPLE_CHARS)}…` : flat;
}
