import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { sourceStatus } from '../../mirror-queries/source-status';
import type { McpContext } from '../mcp-context';
import { runView } from '../run-view';
import { guarded, toolError, toolResult } from '../tool-result';

/** `sync_status`: how fresh each source is, or how one run went. */
export function registerSyncStatus(server: McpServer, context: McpContext): void {
  server.registerTool(
    'sync_status',
    {
      title: 'Sync status per source, or of one run',
      description:
        'Without arguments, for every source: the latest sync and its outcome, whether it stopped ' +
        'part-way (partial: a rerun resumes it), the latest successful sync, the stored cursor, ' +
        'the latest error and how many of its records the mirror set aside (rejects: invalid or ' +
        'unreadable records, listed in mirror_rejects with their raw JSON and the reason). Use it ' +
        'to judge how fresh and complete answers are. With runId (as sync returns it): that run ' +
        '— outcome (running until it ends), pages, pulled/applied/skipped/duplicate/rejected ' +
        'changes in all and per resource, error, start, end and durationMs.',
      inputSchema: {
        runId: z.int().positive().optional().describe('a run id, as sync returns it'),
      },
      annotations: { readOnlyHint: true },
    },
    ({ runId }) =>
      guarded(context.redact, async () => {
        const store = context.session.store;
        if (runId !== undefined) {
          const run = await store.syncRun(runId);
          return run === undefined
            ? toolError(`no sync run ${runId}`)
            : toolResult({ run: runView(run) });
        }
        const configured = Object.keys(context.session.settings.config.sources);
        return toolResult({ sources: await sourceStatus(store, configured) });
      }),
  );
}
