import { z } from 'zod';

/**
 * The source's options as a config file gives them: one schema gives the type, the validation
 * (hosts run it, unknown keys refused) and the documentation (`oxide-mirror plugins`, the
 * config's JSON Schema).
 */
export const fakeshopOptionsSchema = z.strictObject(
  {
    baseUrl: z
      .url({
        protocol: /^https?$/,
        error: 'must be an http(s) URL, such as https://api.fakeshop.example',
      })
      .describe('Base URL of the API, for example `https://api.fakeshop.example`.'),
    apiKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must name an environment variable')
      .optional()
      .describe(
        'Name of the environment variable holding the API key; no key is sent when absent.',
      ),
    pageSize: z
      .int({ error: 'must be a whole number from 1 to 100' })
      .min(1, 'must be a whole number from 1 to 100')
      .max(100, 'must be a whole number from 1 to 100')
      .optional()
      .describe('Products per page, 1 to 100. Default 50.'),
    resource: z
      .string()
      .min(1, 'must be a name of 1 to 256 characters')
      .max(256, 'must be a name of 1 to 256 characters')
      .optional()
      .describe('Resource the products are mirrored as. Default `fakeshop_products`.'),
    since: z.iso
      .datetime({ offset: true, error: 'must be an ISO-8601 time' })
      .transform((value) => new Date(value).toISOString())
      .optional()
      .describe('Mirror only products changed since this time (ISO-8601). Default: everything.'),
    confidence: z
      .number()
      .min(0, 'must be a number from 0 to 1')
      .max(1, 'must be a number from 0 to 1')
      .optional()
      .describe('Confidence of every delta, in [0, 1]. Default 1.'),
  },
  {
    error: (issue) =>
      issue.code === 'invalid_type' ? 'needs options { "baseUrl": "…" }' : undefined,
  },
);

/** The source's options, once checked. */
export type FakeshopOptions = z.output<typeof fakeshopOptionsSchema>;
