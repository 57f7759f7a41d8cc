export { AS_OF_TABLE } from './as-of-table';
export type { EventFilter } from './event-reader';
export type { RebuildReport } from './record-rebuild';
export type { RecordHistoryEntry } from './record-history';
export { ResourceViewsProjection } from './resource-views-projection';
export type { MirrorDatabase } from './schema/database';
export { SqliteMirrorStore } from './sqlite-mirror-store';
export type { SqliteProjection, SqliteProjectionContext } from './sqlite-projection';
export type { SqliteStoreOptions } from './sqlite-store-options';
