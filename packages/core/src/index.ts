export type { AppliedDelta, Decision } from './applied-delta';
export { systemClock, type Clock } from './clock';
export {
  Resolutions,
  isOlderThan,
  type ConflictStrategy,
  type Resolution,
  type StrategyPluginRef,
} from './conflict-strategy';
export { compiledModule, strategyPluginAt } from './compiled-module';
export { strategyFromPlugin } from './strategy-from-plugin';
export { Delta, type DeltaOp, type DeltaOptions } from './delta';
export { DEFAULT_DELTA_LIMITS, type DeltaLimits } from './delta-limits';
export {
  CopyMismatchError,
  CopyRefusedError,
  EarlierBatchFailedError,
  ImportRefusedError,
  InvalidDeltaError,
  MirrorError,
  NoMirrorError,
  NotAMirrorError,
  PluginOptionsError,
  QueryBusyError,
  QueryFailedError,
  QueryLimitError,
  QueryMemoryError,
  QueryNotReadOnlyError,
  QueryTimeoutError,
  SchemaTooNewError,
  SourceProtocolError,
  StoreClosedError,
  StoreFullError,
  StoreReadOnlyError,
  StrategyError,
  StrategyMismatchError,
  StreamResumeError,
  SyncInProgressError,
  UnknownSourceError,
  type MirrorErrorCode,
} from './errors';
export { eventIdOf, legacyEventIdOf } from './event-identity';
export { canonicalJson } from './canonical-json';
export { checkExactText } from './exact-text';
export { compareInstants, instantSortKey, normalizeInstant } from './instant';
export { isJsonObject, type JsonObject, type JsonValue } from './json';
export { parseJson, stringifyJson } from './json-text';
export { recordIdFrom } from './record-id';
export type {
  InvalidDeltaPolicy,
  RejectFilter,
  RejectedRecord,
  SourceReject,
} from './rejected-record';
export {
  importedRejectColumnsOf,
  invalidDeltaReject,
  rejectColumnsOf,
  sourceRejectsOf,
  type RejectColumns,
  type RejectEntry,
} from './reject-entry';
export { UnrepresentableNumber } from './unrepresentable-number';
export type { MirrorStore } from './mirror-store';
export type { ChangeFeed, MirrorChange } from './store/change-feed';
export type { CursorStore, StoredCursor } from './store/cursor-store';
export type { EventFilter, EventLogReader } from './store/event-log-reader';
export type { EventImporter, ImportBatch } from './store/event-importer';
export {
  checkImportBatch,
  type CheckedImport,
  type CheckedImportEvent,
  type CheckedImportReject,
} from './import-batch-check';
export { copyMirror, DEFAULT_COPY_BATCH, type CopyOptions, type CopyReport } from './mirror-copy';
export type {
  FieldDescription,
  FieldType,
  MirrorCatalog,
  ResourceDescription,
  ResourceSummary,
  SourceFreshness,
} from './store/mirror-catalog';
export type { MirroredIds } from './store/mirrored-ids';
export type {
  ProjectionReplay,
  RebuildReport,
  RecordHistoryEntry,
  ReplayOptions,
} from './store/projection-replay';
export {
  DEFAULT_QUERY_LIMITS,
  type QueryLimits,
  type QueryOptions,
  type QueryParams,
  type QueryResult,
  type QueryRow,
  type ReadOnlySql,
} from './store/read-only-sql';
export type { RecordReader } from './store/record-reader';
export type { RecordRedaction, RedactionReport } from './store/record-redaction';
export {
  ALL_RESOURCES,
  type ApplyBatchOptions,
  type CursorUpdate,
  type RecordWriter,
} from './store/record-writer';
export type { RejectStore } from './store/reject-store';
export type { SourceLock, SourceLocking } from './store/source-locking';
export { defineStorePlugin, type StoreOpenContext, type StorePlugin } from './store/store-plugin';
export {
  describeStrategy,
  strategyIdentityOf,
  strategyIdentityText,
  type StrategyIdentity,
} from './store/strategy-identity';
export type {
  SourceRunSummary,
  SyncRun,
  SyncRunEnd,
  SyncRunLog,
  SyncRunOutcome,
} from './store/sync-run-log';
export type { MirroredRecord } from './mirrored-record';
export {
  defineSourcePlugin,
  defineStrategyPlugin,
  type MirrorPlugin,
  type SourcePlugin,
  type SourcePluginContext,
  type StrategyPlugin,
} from './plugin';
export {
  noOptions,
  type OptionsIssue,
  type OptionsOf,
  type OptionsSchema,
  type OptionsSchemaProps,
  type OptionsValidationResult,
} from './options-schema';
export {
  parsePluginOptions,
  pluginOptionsError,
  pluginOptionsJsonSchema,
  type PluginWithOptions,
} from './plugin-options';
export { prepareDelta, serializePayload, type PreparedDelta } from './prepared-delta';
export type { Projection, ProjectionCheckpoint } from './projection';
export { resolveConflict } from './resolve-conflict';
export { foldEvent, nextRecordState, type FoldedEvent } from './record-transition';
export { replayRecordHistory } from './record-history-replay';
export {
  fieldDescriptionsOf,
  checkRecentRunsLimit,
  syncRunFromRow,
  syncRunRowOf,
  SYNC_RUN_COLUMNS,
  type FieldTypeRow,
  type SyncRunRow,
} from './store/store-rows';
export { upcastEvent, type EventUpcaster } from './event-upcaster';
export type { Provenance } from './provenance';
export { checkPullResult } from './pull-result-check';
export { pullWithTimeout } from './pull-with-timeout';
export { RoutedStrategy, type StrategyRoutes } from './routed-strategy';
export { REDACTED, SecretRedactor } from './secret-redactor';
export { CURRENT_EVENT_SCHEMA_VERSION, type StoredEvent } from './stored-event';
export {
  SyncFailedError,
  SyncReportBuilder,
  type ResourceTally,
  type SyncReport,
} from './sync-report';
export type { PullContext, PullResult, SyncSource } from './sync-source';
export type { SourceWait } from './source-wait';
export {
  isStreamCheckpoint,
  streamCheckpoint,
  type StreamCheckpoint,
  type StreamItem,
} from './stream-checkpoint';
export { Syncer, type SourceSyncOptions, type SyncerOptions } from './syncer';
export { syncerFromContainer } from './syncer-from-container';
export { MirrorTokens } from './tokens';
export { checkDelta, validateDelta, type CheckedDelta } from './validate-delta';
