import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpContext } from '../mcp-context';
import { guarded, toolError, toolResult } from '../tool-result';

/** `sync`: pulls one configured source into the mirror (when the config allows it). */
export function registerSync(server: McpServer, context: McpContext): void {
  const sources = context.syncableSources;
  server.registerTool(
    'sync',
    {
      title: 'Sync a source',
      description:
        'Pulls the latest changes of one configured source into the mirror, resuming from where the last ' +
        'sync stopped (with progress notifications when the call carries a progress token), and returns the run: outcome (ok, partial, interrupted, failed), counts of pulled/applied/skipped ' +
        'changes per resource, the cursor before and after, and the error if any. Only needed when the data ' +
        `must be fresher than sync_status shows. Sources: ${sources.join(', ') || 'none'}.`,
      inputSchema: { source: z.string().min(1).describe('id of a configured source') },
      annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: true },
    },
    ({ source }, extra) =>
      guarded(context.redact, async () => {
        if (!sources.includes(source)) {
          return toolError(
            `unknown source '${source}'; configured: ${sources.join(', ') || 'none'}`,
          );
        }
        // A client that sent a progress token hears each committed batch, so a long first sync
        // keeps its request alive instead of timing out.
        const token = extra._meta?.progressToken;
        const onProgress =
          token === undefined
            ? undefined
            : (committed: number): void => {
                const params = {
                  progressToken: token,
                  progress: committed,
                  message: `${source}: ${committed} events committed`,
                };
                extra.sendNotification({ method: 'notifications/progress', params }).catch(() => {
                  // The client may have gone; the sync goes on and is recorded either way.
                });
              };
        return toolResult({ run: (await context.runSync(source, onProgress)) ?? null });
      }),
  );
}
