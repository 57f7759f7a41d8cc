import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpContext } from '../mcp-context';
import { guarded, toolError, toolResult } from '../tool-result';

/** `describe_resource`: the fields of one resource, with types, samples, counts and freshness. */
export function registerDescribeResource(server: McpServer, context: McpContext): void {
  server.registerTool(
    'describe_resource',
    {
      title: 'Describe a resource',
      description:
        "Describes one resource's records: every top-level payload field with the JSON types seen, how many " +
        'records have it and a sample value; the record and event counts; and freshness per source (when ' +
        'its records were last synced and the newest change on the source clock). Each field is a ' +
        "column of the resource's view (after record_id): use it to learn column names before querying.",
      inputSchema: {
        resource: z.string().min(1).describe('resource name, as list_resources shows it'),
      },
      annotations: { readOnlyHint: true },
    },
    ({ resource }) =>
      guarded(context.redact, async () => {
        const store = context.session.store;
        const known = await store.listResources();
        if (!known.includes(resource)) {
          return toolError(
            `unknown resource '${resource}'; the mirror has: ${known.join(', ') || 'nothing yet'}`,
          );
        }
        return toolResult({ ...(await store.describeResource(resource)) });
      }),
  );
}
