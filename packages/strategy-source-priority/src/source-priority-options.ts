import { pluginOptionsError } from '@oxide-mirror/core';
import { z } from 'zod';

const PLUGIN = 'source-priority';

/** One ordered list of source ids: non-empty, each id non-empty and listed once. */
const sourceOrderSchema = z
  .array(
    z.string({ error: 'must be a source id' }).trim().min(1, 'must be a non-empty source id'),
    {
      error: 'must be a list of source ids, highest priority first',
    },
  )
  .min(1, 'must list at least one source')
  .superRefine((order, context) => {
    order.forEach((source, index) => {
      if (order.indexOf(source) !== index) {
        context.addIssue({
          code: 'custom',
          path: [index],
          message: `repeats '${source}': a source has one rank`,
        });
      }
    });
  });

/** The options of {@link SourcePriority}, as config gives them; unknown keys are refused. */
export const sourcePriorityOptionsSchema = z.strictObject(
  {
    order: sourceOrderSchema.describe(
      'Source ids, highest priority first. Sources not listed rank below all listed ones.',
    ),
    byResource: z
      .record(z.string().min(1, 'has an empty resource name'), sourceOrderSchema, {
        error: 'must map resource names to lists of source ids',
      })
      .optional()
      .describe('Per-resource orders that replace `order` for that resource.'),
  },
  {
    error: (issue) =>
      issue.code === 'invalid_type'
        ? 'needs { "order": ["highest-priority source", …] }'
        : undefined,
  },
);

/** How {@link SourcePriority} ranks sources. */
export type SourcePriorityOptions = z.output<typeof sourcePriorityOptionsSchema>;

/**
 * Checks options and returns them typed; throws `PluginOptionsError` naming the bad field
 * (`order[1]`, `byResource.invoices`, …).
 *
 * @example
 * parseSourcePriorityOptions({ order: ['crm', 'billing'], byResource: { invoices: ['billing'] } });
 */
export function parseSourcePriorityOptions(options: unknown): SourcePriorityOptions {
  const parsed = sourcePriorityOptionsSchema.safeParse(options);
  if (!parsed.success) throw pluginOptionsError(PLUGIN, parsed.error.issues);
  return parsed.data;
}
