import { z } from 'zod';
import { resourceSchema } from './resource-schema';
import { name, nonNegative, positiveInt, secretCapableMap } from './schema-parts';

const retry = z
  .object({
    maxAttempts: positiveInt
      .optional()
      .describe('Requests per URL, the first included. Default 4.'),
    baseDelayMs: nonNegative.optional().describe('First backoff; doubles per retry. Default 500.'),
    maxDelayMs: nonNegative.optional().describe('Longest backoff. Default 30 000.'),
    maxRetryAfterMs: nonNegative
      .optional()
      .describe(
        'Longest rate-limit wait honoured; a longer one ends the sync as partial. Default 120 000.',
      ),
  })
  .strict()
  .describe('Retries on network errors, 408, 429, 5xx and rate-limited 403s.');

const rateLimit = z
  .object({
    requestsPerSecond: z.number().positive().describe('Requests per second across the source.'),
    burst: positiveInt
      .optional()
      .describe('Requests that may go at once after a pause. Default 1.'),
  })
  .strict()
  .describe("A proactive limit shared by all of the source's resources.");

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * The options of an HTTP source, as a config file gives them (the plugin's options): everything
 * but the source's `id`. Every object is strict, so a misspelt key is an error.
 */
export const httpSourceOptionsSchema = z
  .object({
    baseUrl: name.describe('Prefix of relative resource paths. `{var}` placeholders allowed.'),
    headers: secretCapableMap
      .optional()
      .describe(
        'Headers of every request. `{env:NAME}` or `{ "$env": NAME }` take a secret from the environment.',
      ),
    query: secretCapableMap
      .optional()
      .describe('Query parameters of every request; secrets as in `headers`.'),
    vars: z.record(z.string(), z.string()).optional().describe('Values for `{name}` placeholders.'),
    resources: z.array(resourceSchema).min(1).describe('The resources.'),
    timeoutMs: z
      .number()
      .positive()
      .optional()
      .describe('Longest wait for one complete response. Default 30 000.'),
    retry: retry.optional(),
    rateLimit: rateLimit.optional(),
    maxRequestsPerSync: positiveInt
      .optional()
      .describe(
        'Requests per sync; then the sync ends as partial and the next resumes. Default 10 000.',
      ),
    maxResponseBytes: positiveInt
      .optional()
      .describe('Largest response body after decompression. Default 64 MiB.'),
    concurrency: positiveInt.optional().describe('Resources fetched at the same time. Default 4.'),
    timeZone: name
      .refine(isTimeZone, { message: 'must be an IANA time zone such as "Europe/Berlin"' })
      .optional()
      .describe('Zone of times written without one (`2024-03-10 10:00:00`). Default `UTC`.'),
  })
  .strict();

/** The full config of an {@link HttpSource}: the options plus the source's `id`. */
export const httpSourceConfigSchema = httpSourceOptionsSchema
  .extend({
    id: name.describe('Source id: the key of its cursor and the provenance of its deltas.'),
  })
  .strict();

/** The options of the `@oxide-mirror/source-http` plugin: a config without `id`. */
export type HttpSourceOptions = z.input<typeof httpSourceOptionsSchema>;
/** A REST/JSON API and the resources mirrored from it. */
export type HttpSourceConfig = z.input<typeof httpSourceConfigSchema>;
/** A config once checked, defaults not yet applied. */
export type ParsedHttpSourceConfig = z.output<typeof httpSourceConfigSchema>;
