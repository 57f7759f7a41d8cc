import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { McpContext } from '../mcp-context';
import { runView } from '../run-view';
import type { SyncProgressListener } from '../sync-progress-notices';
import { guarded, toolError, toolResult } from '../tool-result';

/** The request context the SDK hands a tool, as far as progress notices need it. */
interface ProgressChannel {
  _meta?: { progressToken?: string | number };
  sendNotification(notification: {
    method: 'notifications/progress';
    params: { progressToken: string | number; progress: number; message: string };
  }): Promise<void>;
}

/** `sync`: starts pulling one configured source into the mirror (when the config allows it). */
export function registerSync(server: McpServer, context: McpContext): void {
  const sources = context.syncableSources;
  const followed = context.followedSources ?? [];
  server.registerTool(
    'sync',
    {
      title: 'Sync a source',
      description:
        'Starts pulling the latest changes of one configured source into the mirror, resuming ' +
        'from where the last sync stopped, and returns at once with the run (outcome running) and ' +
        'its id: call sync_status with that runId to learn how it ended (ok, partial, ' +
        'interrupted, failed), its pages, pulled/applied/skipped changes and duration. With ' +
        'wait: true the call returns only when the run has ended, with progress notifications ' +
        'when it carries a progress token. Only needed when the data must be fresher than ' +
        `sync_status shows. Sources: ${sources.join(', ') || 'none'}.` +
        (followed.length === 0
          ? ''
          : ` Followed live, so never in need of a sync: ${followed.join(', ')}.`),
      inputSchema: {
        source: z.string().min(1).describe('id of a configured source'),
        wait: z
          .boolean()
          .optional()
          .describe('return when the run has ended instead of when it has started'),
      },
      outputSchema: { run: z.looseObject({ id: z.int(), outcome: z.string() }) },
      annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: true },
    },
    ({ source, wait }, extra) =>
      guarded(context.redact, async (): Promise<CallToolResult> => {
        if (followed.includes(source)) {
          return toolError(
            `source '${source}' is followed live by this server: its changes are mirrored as ` +
              'they happen, so it needs no sync; sync_status shows how fresh it is',
          );
        }
        if (!sources.includes(source)) {
          return toolError(
            `unknown source '${source}'; configured: ${sources.join(', ') || 'none'}`,
          );
        }
        // Progress belongs to a request, so only a call that waits for the end hears it.
        const started = await context.startSync(
          source,
          wait ? progressOf(source, extra) : undefined,
        );
        if (started.runId === undefined) {
          await started.finished;
          return toolError(`${source} did not start: the server is stopping`);
        }
        const run = wait
          ? await started.finished
          : await context.session.store.syncRun(started.runId);
        if (run === undefined) return toolError(`run ${started.runId} of ${source} not found`);
        return toolResult({ run: runView(run) });
      }),
  );
}

/**
 * Progress notices for a call that carries a progress token: each committed batch, so a long
 * first sync keeps its request alive instead of timing out.
 */
function progressOf(source: string, extra: ProgressChannel): SyncProgressListener | undefined {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  return (committed) => {
    const params = {
      progressToken: token,
      progress: committed,
      message: `${source}: ${committed} events committed`,
    };
    extra.sendNotification({ method: 'notifications/progress', params }).catch(() => {
      // The client may have gone; the sync goes on and is recorded either way.
    });
  };
}
