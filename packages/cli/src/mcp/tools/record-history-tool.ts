import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { stringifyJson } from '@oxide-mirror/core';
import { z } from 'zod';
import type { Truncation } from '../compact-result';
import type { McpContext } from '../mcp-context';
import { recordChanges, type RecordChange } from '../record-changes';
import { RECORD_ARGUMENTS } from './record-arguments';
import { guarded, toolError, toolResult } from '../tool-result';
import { resultCapArguments } from './result-caps';

/** The latest changes of a history that fit the caps, and why the rest were left out. */
interface HistoryWindow {
  changes: RecordChange[];
  truncated: Truncation;
}

/**
 * The latest of `changes` (oldest first) that fit `caps.rows` changes and `caps.bytes` bytes of
 * compact JSON, still oldest first: an agent asks about a record's recent past first, and pages
 * back with `beforePosition`.
 */
function latestWithin(
  changes: readonly RecordChange[],
  caps: { rows: number; bytes: number },
): HistoryWindow {
  const kept: RecordChange[] = [];
  // "[" and "]" around the changes, and a comma between each two.
  let bytes = 2;
  for (let i = changes.length - 1; i >= 0; i--) {
    if (kept.length === caps.rows) return { changes: kept.reverse(), truncated: 'rows' };
    const change = changes[i] as RecordChange;
    const size = Buffer.byteLength(stringifyJson(change)) + (kept.length > 0 ? 1 : 0);
    if (bytes + size > caps.bytes) return { changes: kept.reverse(), truncated: 'bytes' };
    kept.push(change);
    bytes += size;
  }
  return { changes: kept.reverse(), truncated: false };
}

/** `record_history`: the changes that reached one record, the latest first within the caps. */
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
        const window = latestWithin(candidates, {
          rows: maxChanges ?? defaultRows,
          bytes: maxBytes ?? defaultBytes,
        });
        const earlier = candidates.length - window.changes.length;
        return toolResult({
          resource,
          recordId,
          total: all.length,
          changes: window.changes,
          truncated: window.truncated,
          earlierChanges: earlier,
          ...(earlier > 0 && window.changes[0] !== undefined
            ? { beforePosition: window.changes[0].position }
            : {}),
        });
      }),
  );
}
