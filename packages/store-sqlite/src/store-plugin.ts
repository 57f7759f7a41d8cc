import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { NoMirrorError, defineStorePlugin, type MirrorStore } from '@oxide-mirror/core';
import { z } from 'zod';
import { SqliteMirrorStore } from './sqlite-mirror-store';

/** The options hosts give the SQLite store (`"database": { "use": …, "options": … }`). */
export const sqliteStoreOptionsSchema = z.strictObject({
  path: z
    .string()
    .trim()
    .min(1, 'must be a file path')
    .optional()
    .describe('The database file, relative to the config file; none for a throwaway mirror.'),
  maxDatabaseBytes: z
    .int()
    .positive()
    .optional()
    .describe('Largest the file may grow, in bytes; a batch that would pass it writes nothing.'),
  busyTimeoutMs: z
    .int()
    .nonnegative()
    .optional()
    .describe("How long a write waits for another process's write, in milliseconds (5000)."),
});

/** The SQLite store's options, checked. */
export type SqliteStorePluginOptions = z.output<typeof sqliteStoreOptionsSchema>;

/**
 * The entry hosts open by package name: `"database": "mirror.db"` is short for
 * `{ "use": "@oxide-mirror/store-sqlite", "options": { "path": "mirror.db" } }`.
 */
export const oxideMirrorPlugin = defineStorePlugin({
  name: 'sqlite',
  options: sqliteStoreOptionsSchema,
  describe: (options) => options.path ?? '(throwaway mirror)',
  open: async (options, context): Promise<MirrorStore> => {
    const { strategy, readOnly, queryLimits } = context;
    const settings = {
      readOnly,
      ...(strategy === undefined ? {} : { strategy }),
      ...(queryLimits === undefined ? {} : { queryLimits }),
      ...(options.maxDatabaseBytes === undefined
        ? {}
        : { maxDatabaseBytes: options.maxDatabaseBytes }),
      ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
    };
    if (options.path === undefined) return SqliteMirrorStore.inMemory(settings);
    const path = isAbsolute(options.path) ? options.path : resolve(context.baseDir, options.path);
    if ((context.mustExist || readOnly) && !existsSync(path)) throw new NoMirrorError(path);
    return SqliteMirrorStore.open(path, settings);
  },
});
