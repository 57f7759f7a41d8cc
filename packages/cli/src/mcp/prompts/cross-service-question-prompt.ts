import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpContext } from '../mcp-context';
import { GUIDE_URI, viewResourceUri } from '../resources/resource-uris';

/**
 * `answer_cross_service_question`: the steps that answer a question spanning several services
 * from the mirror, with the resources it holds now.
 */
export function registerCrossServiceQuestionPrompt(server: McpServer, context: McpContext): void {
  server.registerPrompt(
    'answer_cross_service_question',
    {
      title: 'Answer a question across services',
      description:
        'Answers a question that spans several mirrored services (e.g. customers with an urgent ' +
        'ticket and an unpaid invoice) with one read-only query over their views.',
      argsSchema: { question: z.string().min(1).describe('the question to answer') },
    },
    async ({ question }) => {
      const summaries = await context.session.store.resourceSummaries();
      const resources = summaries.map(
        (summary) =>
          `- ${summary.resource}: view ${summary.view ?? '(none: use mirror_records)'}, ` +
          `${summary.records} records, read ${viewResourceUri(summary.resource)}`,
      );
      const text = [
        `Answer this question from the mirror: ${question}`,
        '',
        'The mirror holds:',
        ...(resources.length > 0 ? resources : ['- nothing yet: a sync fills it']),
        '',
        '1. Pick the resources the question is about and read their view resources: the columns, ' +
          'their types and example values show which columns hold the values the services share ' +
          '(an email, a customer id).',
        `2. Read ${GUIDE_URI} if the answer needs the change log, sync runs or rejects.`,
        '3. Write one read-only query over the views with the query tool. Join on the shared ' +
          'values; compare emails with lower() on both sides; aggregate each side before joining ' +
          'so that rows do not multiply. Check the result says truncated: false.',
        '4. Call sync_status and say how fresh the data is (latest successful sync per source).',
        '5. Answer with the rows that answer it, the query you ran, and anything the data ' +
          'cannot tell.',
      ].join('\n');
      return { messages: [{ role: 'user', content: { type: 'text', text } }] };
    },
  );
}
