import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { takeWithinCaps } from '../compact-result';
import type { McpContext } from '../mcp-context';
import { recordChanges, type RecordChange } from '../record-changes';
import { RECORD_ARGUMENTS } from './record-arguments';
import { guarded, toolError, toolResult } from '../tool-result';
import { resultCapArguments } from './result-caps';

/** `changes` from the last to the first. */
function* newestFirst(changes: readonly RecordChange[]): Iterable<RecordChange> {
  for (let i = changes.length - 1; i >= 0; i--) yield changes[i] as RecordChange;
}

/** `record_history`: the latest changes that reached one record, as many as the caps hold. */
export function registerRecordHistory(server: McpServer, context: McpContext): void {
  const limits = context.results;
  const caps = resultCapArguments(limits, 'changes');
  const { defaultRows, defaultBytes } = caps;
  server.registerTool(
    'record_history',
    {
      title: 'History of one record',
      description:
        'Lists the changes that reached one record, oldest first in log order: when each happened and was ' +
        'synced, its source and confidence, upsert or delete, the payload, what the conflict strategy decided ' +
        '(applied, merged, skipped) and the version after it. Use it to explain why a record holds what it ' +
        `holds, or what it looked like before. A call returns the latest ${defaultRows} changes and ` +
        `${defaultBytes} bytes unless it asks for more with maxChanges (up to ${limits.maxRows}) and ` +
        `maxBytes (up to ${limits.maxBytes}); total says how many there are, and earlier ones are read ` +
        'by passing the first returned position as beforePosition.',
      inputSchema: {
        ...RECORD_ARGUMENTS,
        maxChanges: caps.rows,
        maxBytes: caps.bytes,
        beforePosition: z
          .int()
          .positive()
          .optional()
          .describe('only changes logged before this log position: the page before a window'),
      },
      annotations: { readOnlyHint: true },
    },
    ({ resource, recordId, maxChanges, maxBytes, beforePosition }) =>
      guarded(context.redact, async () => {
        const entries = await context.session.store.history(resource, recordId);
        if (entries.length === 0) return toolError(`no events for ${resource}/${recordId}`);
        const all = recordChanges(entries);
        const candidates =
          beforePosition === undefined
            ? all
            : all.filter((change) => change.position < beforePosition);
        // The latest changes that fit the caps, shown oldest first: an agent asks about a
        // record's recent past first, and pages back with beforePosition.
        const { taken, truncated } = takeWithinCaps(newestFirst(candidates), {
          rows: maxChanges ?? defaultRows,
          bytes: maxBytes ?? defaultBytes,
        });
        const changes = taken.reverse();
        const earlier = candidates.length - changes.length;
        return toolResult({
          resource,
          recordId,
          total: all.length,
          changes,
          truncated,
          earlierChanges: earlier,
          ...(earlier > 0 && changes[0] !== undefined
            ? { beforePosition: changes[0].position }
            : {}),
        });
      }),
  );
}
