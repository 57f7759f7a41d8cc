import { z } from 'zod';
import { parseSchedule } from '../serve/schedule';

/** A secret in config: only ever a reference to an environment variable. */
export const envReferenceSchema = z.strictObject(
  { $env: z.string().min(1) },
  { error: 'must be { "$env": "VARIABLE" }: secrets come only from the environment' },
);

/** A source's schedule under `serve`: `every 5m` or a cron expression. */
export const scheduleSchema = z.string().superRefine((text, context) => {
  try {
    parseSchedule(text);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/**
 * A source's webhook: `POST /hooks/<source>` syncs it now when the body's HMAC-SHA256 under
 * `secret` matches the signature header (`sha256=<hex>`, as GitHub and many others send it).
 */
export const webhookSchema = z.strictObject({
  secret: envReferenceSchema,
  /** Header carrying the signature; default `X-Hub-Signature-256`. */
  header: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, { error: 'must be an HTTP header name' })
    .default('X-Hub-Signature-256'),
});

/** How `oxide-mirror serve` listens and paces the scheduled syncs. */
export const serveSettingsSchema = z.strictObject({
  /** Address to listen on; loopback by default, since the status page needs no token. */
  host: z.string().min(1).default('127.0.0.1'),
  /** Port to listen on; 0 picks a free one (printed at start). */
  port: z.int().min(0).max(65_535).default(8787),
  /** Up to this much random delay is added to every scheduled run, so sources spread out. */
  jitterMs: z.int().min(0).default(1_000),
  /** After failed runs a source waits at least initialMs, doubling per failure up to maxMs. */
  backoff: z
    .strictObject({
      initialMs: z.int().positive().default(30_000),
      maxMs: z.int().positive().default(3_600_000),
    })
    .default({ initialMs: 30_000, maxMs: 3_600_000 }),
  /** MCP over Streamable HTTP at `/mcp`, behind this bearer token; off when absent. */
  mcp: z.strictObject({ token: envReferenceSchema }).optional(),
});

/** The validated `serve` section. */
export type ServeSettings = z.infer<typeof serveSettingsSchema>;
/** A validated webhook. */
export type WebhookSettings = z.infer<typeof webhookSchema>;
