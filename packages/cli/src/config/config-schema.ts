import { z } from 'zod';
import { scheduleSchema, serveSettingsSchema, webhookSchema } from './serve-settings-schema';

const STRATEGY_HINT =
  'must be a strategy name ("last-write-wins", "highest-confidence", "keep-local", "merge-json", "source-priority"), ' +
  'a package name or relative path, or { "use": "<name>", "options": { … } }';

/**
 * A strategy in config: a first-party short name, a package name or relative path whose module
 * exports a strategy `oxideMirrorPlugin`, or the same as `{ use, options }`.
 */
export const strategySpecSchema = z.union(
  [
    z.string().trim().min(1),
    z.strictObject({ use: z.string().trim().min(1), options: z.unknown().optional() }),
  ],
  { error: STRATEGY_HINT },
);

/**
 * Where the mirror lives: a SQLite file path, a `postgres://` URL, or a store package with its
 * options (`{ "use": "@oxide-mirror/store-postgres", "options": { … } }`).
 */
export const databaseSpecSchema = z.union(
  [
    z.string().trim().min(1),
    z.strictObject({ use: z.string().trim().min(1), options: z.unknown().optional() }),
  ],
  {
    error:
      'must be a SQLite file path, a postgres:// URL, or { "use": "<store package>", "options": { … } }',
  },
);

/**
 * What a sync does with a record the mirror cannot take: set it aside in `mirror_rejects` and go
 * on (`reject`, the default), or fail the page (`fail`).
 */
const onInvalidSchema = z.enum(['reject', 'fail']);

/**
 * One source: the plugin that builds it, its options, an optional strategy override, what to
 * do with records the mirror cannot take, and how `serve` keeps it fresh (a schedule and a
 * webhook, or following its live stream).
 */
export const sourceConfigSchema = z
  .strictObject({
    use: z
      .string({ error: 'must be the package name or relative path of a source plugin' })
      .trim()
      .min(1, { error: 'must be the package name or relative path of a source plugin' }),
    options: z.unknown().optional(),
    strategy: strategySpecSchema.optional(),
    onInvalid: onInvalidSchema.optional(),
    /** When `oxide-mirror serve` syncs it; without one it syncs only on a webhook or request. */
    schedule: scheduleSchema.optional(),
    /** Lets `POST /hooks/<source>` under `serve` sync it now. */
    webhook: webhookSchema.optional(),
    /**
     * `oxide-mirror serve` follows the source's live stream continuously instead of pulling it on
     * a schedule; its plugin must have one.
     */
    follow: z.boolean().optional(),
  })
  .superRefine((source, context) => {
    // A followed source is always live: a schedule or a webhook would never fire.
    if (source.follow !== true) return;
    for (const key of ['schedule', 'webhook'] as const) {
      if (source[key] === undefined) continue;
      context.addIssue({
        code: 'custom',
        path: [key],
        message: `a source with "follow": true streams continuously under serve: remove "${key}"`,
      });
    }
  });

/** Settings for one resource; today only its strategy override. */
export const resourceConfigSchema = z.strictObject({ strategy: strategySpecSchema });

/** Source ids become cursor keys and table values, so they stay short and printable. */
const sourceIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, {
  error: 'source ids are 1–100 letters, digits, "_", "." or "-", starting with a letter or digit',
});

/** Bounds of the sync engine that a config may tune. */
export const syncSettingsSchema = z.strictObject({
  pullTimeoutMs: z.int().positive().optional(),
  maxEmptyPages: z.int().positive().optional(),
  onInvalid: onInvalidSchema.optional(),
});

/** Bounds on every read-only query, from any entry point (CLI, MCP). */
export const querySettingsSchema = z.strictObject({
  timeoutMs: z.int().positive().optional(),
  maxRows: z.int().positive().optional(),
  maxBytes: z.int().positive().optional(),
});

/** What the MCP server offers agents. */
export const mcpSettingsSchema = z.strictObject({
  /** Whether agents may start a sync of a configured source. */
  allowSync: z.boolean().default(true),
  /** Rows a `query` tool call returns unless it asks for more (at most `maxRows`). */
  defaultRows: z.int().positive().default(50),
  /** Most rows a `query` tool call may ask for; the result says when it was cut. */
  maxRows: z.int().positive().default(500),
  /** Bytes of rows (compact JSON) a `query` call returns unless it asks for more. */
  defaultBytes: z
    .int()
    .positive()
    .default(64 * 1024),
  /** Most bytes of rows a `query` call may ask for. */
  maxBytes: z
    .int()
    .positive()
    .default(1024 * 1024),
});

/**
 * The whole `oxide-mirror.config.json`. Objects are strict, so a misspelt key is reported rather
 * than silently ignored.
 */
export const mirrorConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  database: databaseSpecSchema.default('mirror.db'),
  strategy: strategySpecSchema.default('last-write-wins'),
  sources: z.record(sourceIdSchema, sourceConfigSchema).default({}),
  resources: z.record(z.string().min(1), resourceConfigSchema).default({}),
  sync: syncSettingsSchema.default({}),
  query: querySettingsSchema.default({}),
  mcp: mcpSettingsSchema.default({
    allowSync: true,
    defaultRows: 50,
    maxRows: 500,
    defaultBytes: 64 * 1024,
    maxBytes: 1024 * 1024,
  }),
  serve: serveSettingsSchema.default({
    host: '127.0.0.1',
    port: 8787,
    jitterMs: 1_000,
    backoff: { initialMs: 30_000, maxMs: 3_600_000 },
  }),
});

/** A database as config gives it. */
export type DatabaseSpec = z.infer<typeof databaseSpecSchema>;
/** A strategy as config gives it. */
export type StrategySpec = z.infer<typeof strategySpecSchema>;
/** One configured source. */
export type SourceConfig = z.infer<typeof sourceConfigSchema>;
/** The validated config, defaults filled in. */
export type MirrorConfig = z.infer<typeof mirrorConfigSchema>;
