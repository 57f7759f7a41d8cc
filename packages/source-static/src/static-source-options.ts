import type { PullResult } from '@oxide-mirror/core';
import { z } from 'zod';

/**
 * A delta as config holds it. Only its shape as an object is checked here: the sync engine
 * validates every delta when it is synced, and reports each bad one with its reason.
 */
const deltaSchema = z
  .record(z.string(), z.unknown(), { error: 'must be a delta object' })
  .describe('A delta: { resource, recordId, op, payload, occurredAt, provenance }.');

const pageSchema = z.strictObject({
  deltas: z.array(deltaSchema).describe('The changes on this page, in order.'),
  nextCursor: z.string().optional().describe('Cursor to resume after this page.'),
  hasMore: z.boolean().describe('True when another page follows.'),
});

/**
 * Options of the static source: `{ "pages": [PullResult…] }`, or `{ "deltas": [Delta…] }` for
 * one page. Exactly one of the two; unknown keys are refused.
 */
export const staticSourceOptionsSchema = z
  .strictObject(
    {
      pages: z.array(pageSchema).optional().describe('The pages, in the order they are pulled.'),
      deltas: z.array(deltaSchema).optional().describe('One page of changes (instead of pages).'),
    },
    {
      error: (issue) =>
        issue.code === 'invalid_type'
          ? 'needs { "pages": [{ "deltas": [...], "hasMore": false }] } or { "deltas": [...] }'
          : undefined,
    },
  )
  .refine((options) => (options.pages === undefined) !== (options.deltas === undefined), {
    error: 'needs exactly one of "pages" and "deltas"',
  });

/** The static source's options, once checked. */
export type StaticSourceOptions = z.output<typeof staticSourceOptionsSchema>;

/** The pages the options describe; deltas are the engine's to validate, hence the cast. */
export function pagesOf(options: StaticSourceOptions): PullResult[] {
  const pages = options.pages ?? [{ deltas: options.deltas ?? [], hasMore: false }];
  return pages as unknown as PullResult[];
}
