import { defineStorePlugin, type MirrorStore } from '@oxide-mirror/core';
import { z } from 'zod';
import { PostgresMirrorStore } from './postgres-mirror-store';

/** The options hosts give the PostgreSQL store (`"database": "postgres://…"` or `{ "use": …, "options": … }`). */
export const postgresStoreOptionsSchema = z.strictObject({
  url: z
    .string()
    .regex(/^postgres(ql)?:\/\//i, 'must be a postgres://user@host:port/database URL')
    .describe('The server and database, and the writer login: postgres://user@host:port/database.'),
  password: z
    .string()
    .optional()
    .describe('The writer\'s password; give it as { "$env": "VARIABLE" }, never in the config.'),
  schema: z
    .string()
    .regex(
      /^[a-z_][a-z0-9_]{0,62}$/,
      'must be lower-case letters, digits and _ (at most 63, not a digit first)',
    )
    .optional()
    .describe('The schema that holds the mirror (oxide_mirror).'),
  reader: z
    .strictObject({
      user: z.string().optional().describe('The role read-only SQL runs as (<schema>_reader).'),
      password: z.string().optional().describe('Its password, as { "$env": "VARIABLE" }.'),
    })
    .optional()
    .describe('The login of read-only SQL, a role that may only read the mirror.'),
  poolSize: z.int().positive().optional().describe("The writer's connections (4)."),
});

/** The PostgreSQL store's options, checked. */
export type PostgresStorePluginOptions = z.output<typeof postgresStoreOptionsSchema>;

/** The URL with the password set, when one is given apart from it. */
function withPassword(url: string, password: string | undefined): string {
  if (password === undefined) return url;
  const parsed = new URL(url);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/** The URL without its password, for messages. */
function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}

/**
 * The entry hosts open by package name: `"database": "postgres://mirror@db/mirror"` is short for
 * `{ "use": "@oxide-mirror/store-postgres", "options": { "url": "postgres://mirror@db/mirror" } }`.
 */
export const oxideMirrorPlugin = defineStorePlugin({
  name: 'postgres',
  options: postgresStoreOptionsSchema,
  describe: (options) =>
    `${withoutPassword(options.url)} (schema ${options.schema ?? 'oxide_mirror'})`,
  open: async (options, context): Promise<MirrorStore> => {
    const { strategy, readOnly, mustExist, queryLimits } = context;
    return PostgresMirrorStore.open({
      connectionString: withPassword(options.url, options.password),
      readOnly,
      mustExist,
      ...(options.schema === undefined ? {} : { schema: options.schema }),
      ...(options.reader === undefined ? {} : { reader: options.reader }),
      ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
      ...(strategy === undefined ? {} : { strategy }),
      ...(queryLimits === undefined ? {} : { queryLimits }),
    });
  },
});
