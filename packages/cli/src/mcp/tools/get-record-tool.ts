import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpContext } from '../mcp-context';
import { RECORD_ARGUMENTS } from './record-arguments';
import { guarded, toolError, toolResult } from '../tool-result';

/** `get_record`: one live record. */
export function registerGetRecord(server: McpServer, context: McpContext): void {
  server.registerTool(
    'get_record',
    {
      title: 'Get one record',
      description:
        'Returns one live record by resource and id: its payload, the source and confidence of the change ' +
        'that produced it, its version (1 + number of applied changes), when the change happened on the ' +
        "source's clock and when it was synced. Errors if the record does not exist or was deleted.",
      inputSchema: RECORD_ARGUMENTS,
      annotations: { readOnlyHint: true },
    },
    ({ resource, recordId }) =>
      guarded(context.redact, async () => {
        const record = await context.session.store.getRecord(resource, recordId);
        if (record === undefined) return toolError(`no live record ${resource}/${recordId}`);
        return toolResult({ ...record });
      }),
  );
}
