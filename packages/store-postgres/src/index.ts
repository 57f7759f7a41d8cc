export { PostgresMirrorStore } from './postgres-mirror-store';
export type { PostgresReaderOptions, PostgresStoreOptions } from './postgres-store-options';
export type { EventFilter } from './event-reader';
export type { RecordHistoryEntry } from './record-history';
export type { RebuildReport } from './record-rebuild';
export type { RedactionReport } from './record-redaction';
