import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { sourceStatus } from '../../mirror-queries/source-status';
import type { McpContext } from '../mcp-context';
import { guarded, toolResult } from '../tool-result';

/** `sync_status`: how fresh each source is. */
export function registerSyncStatus(server: McpServer, context: McpContext): void {
  server.registerTool(
    'sync_status',
    {
      title: 'Sync status per source',
      description:
        'For every source: the latest sync and its outcome, whether it stopped part-way (partial: a rerun ' +
        'resumes it), the latest successful sync, the stored cursor, the latest error and how many of its ' +
        'records the mirror set aside (rejects: invalid or unreadable records, listed in mirror_rejects ' +
        'with their raw JSON and the reason). Use it to judge how fresh and complete answers are.',
      annotations: { readOnlyHint: true },
    },
    () =>
      guarded(context.redact, async () => {
        const configured = Object.keys(context.session.settings.config.sources);
        return toolResult({ sources: await sourceStatus(context.session.store, configured) });
      }),
  );
}
