export { SqliteMirrorStore } from './sqlite-mirror-store';
export type { SqliteStoreOptions } from './sqlite-store-options';
export type { MirrorDatabase } from './schema/database';
