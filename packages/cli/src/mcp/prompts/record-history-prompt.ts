import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { stringifyJson } from '@oxide-mirror/core';
import type { McpContext } from '../mcp-context';
import { recordChanges } from '../record-changes';
import { RECORD_ARGUMENTS } from '../tools/record-arguments';

/** Most changes the prompt carries; a longer history is cut to its latest changes. */
const CHANGES_SHOWN = 50;

/**
 * `explain_record_history`: asks for an explanation of how one record came to hold what it
 * holds, with its history from the log attached.
 */
export function registerRecordHistoryPrompt(server: McpServer, context: McpContext): void {
  server.registerPrompt(
    'explain_record_history',
    {
      title: "Explain a record's history",
      description:
        'Explains, change by change, how one record came to hold what it holds: which source sent ' +
        'each change, when, and what the conflict strategy decided.',
      argsSchema: RECORD_ARGUMENTS,
    },
    async ({ resource, recordId }) => {
      const store = context.session.store;
      const changes = recordChanges(await store.history(resource, recordId));
      if (changes.length === 0) {
        const known = await store.listResources();
        throw new Error(
          `no events for ${resource}/${recordId}` +
            (known.includes(resource) ? '' : `; the mirror has: ${known.join(', ') || 'nothing'}`),
        );
      }
      const shown = changes.slice(-CHANGES_SHOWN);
      const left = changes.length - shown.length;
      const record = await store.getRecord(resource, recordId);
      const text = [
        `Explain the history of record ${recordId} of ${resource}.`,
        '',
        left === 0
          ? 'Its changes, oldest first in log order (from record_history):'
          : `Its latest ${shown.length} changes of ${changes.length}, oldest first in log ` +
            `order (record_history lists the ${left} before them):`,
        '```json',
        ...shown.map((change) => stringifyJson(change)),
        '```',
        '',
        record === undefined
          ? 'It is not live now: the last applied change deleted it.'
          : `It holds now (version ${record.version}, from ${record.source}): ` +
            stringifyJson(record.payload),
        '',
        'For each change say when it happened and was synced, which source sent it, what it ' +
          'changed compared with the version before (name the fields), and why the strategy ' +
          'applied, merged or skipped it (source, confidence, time). End with why the record ' +
          'holds what it holds now.',
      ].join('\n');
      return { messages: [{ role: 'user', content: { type: 'text', text } }] };
    },
  );
}
