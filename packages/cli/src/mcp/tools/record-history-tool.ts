import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpContext } from '../mcp-context';
import { recordChanges } from '../record-changes';
import { RECORD_ARGUMENTS } from './record-arguments';
import { guarded, toolError, toolResult } from '../tool-result';

/** `record_history`: every change that reached one record. */
export function registerRecordHistory(server: McpServer, context: McpContext): void {
  server.registerTool(
    'record_history',
    {
      title: 'History of one record',
      description:
        'Lists every change that reached one record, oldest first in log order: when it happened and was ' +
        'synced, its source and confidence, upsert or delete, the payload, what the conflict strategy decided ' +
        '(applied, merged, skipped) and the version after it. Use it to explain why a record holds what it ' +
        'holds, or what it looked like before.',
      inputSchema: RECORD_ARGUMENTS,
      annotations: { readOnlyHint: true },
    },
    ({ resource, recordId }) =>
      guarded(context.redact, async () => {
        const entries = await context.session.store.history(resource, recordId);
        if (entries.length === 0) return toolError(`no events for ${resource}/${recordId}`);
        return toolResult({
          resource,
          recordId,
          changes: recordChanges(entries),
        });
      }),
  );
}
