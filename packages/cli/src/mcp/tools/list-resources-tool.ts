import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { resourceRows } from '../../output/resource-rows';
import type { McpContext } from '../mcp-context';
import { guarded, toolResult } from '../tool-result';

/** `list_resources`: what the mirror holds. */
export function registerListResources(server: McpServer, context: McpContext): void {
  server.registerTool(
    'list_resources',
    {
      title: 'List mirrored resources',
      description:
        'Lists every resource (kind of record, e.g. crm_contacts, helpdesk_tickets) in the local mirror with ' +
        'its live record count, event count, when it was last synced, and the name of its SQL view. ' +
        'Call this first to learn what data exists before writing SQL. Cheap; no arguments.',
      outputSchema: {
        resources: z.array(
          z.strictObject({
            resource: z.string(),
            records: z.int(),
            events: z.int(),
            last_synced_at: z.string().nullable(),
            view: z.string().nullable(),
          }),
        ),
      },
      annotations: { readOnlyHint: true },
    },
    () =>
      guarded(context.redact, async () =>
        toolResult({ resources: resourceRows(await context.session.store.resourceSummaries()) }),
      ),
  );
}
