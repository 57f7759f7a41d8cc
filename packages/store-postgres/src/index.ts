export { PostgresMirrorStore } from './postgres-mirror-store';
export type { PostgresReaderOptions, PostgresStoreOptions } from './postgres-store-options';
export {
  oxideMirrorPlugin,
  postgresStoreOptionsSchema,
  type PostgresStorePluginOptions,
} from './store-plugin';
