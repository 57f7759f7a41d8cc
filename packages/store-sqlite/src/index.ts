export { AS_OF_TABLE } from './as-of-table';
export { DEFAULT_QUERY_BUDGET, type QueryBudget } from './query/query-runner';
/** The query limits the store uses when given none (core's, re-exported for existing imports). */
export { DEFAULT_QUERY_LIMITS } from '@oxide-mirror/core';
export { ResourceViewsProjection } from './resource-views-projection';
export type { MirrorDatabase } from './schema/database';
export { SqliteMirrorStore } from './sqlite-mirror-store';
export {
  oxideMirrorPlugin,
  sqliteStoreOptionsSchema,
  type SqliteStorePluginOptions,
} from './store-plugin';
export type { SqliteProjection, SqliteProjectionContext } from './sqlite-projection';
export type { SqliteStoreOptions } from './sqlite-store-options';
