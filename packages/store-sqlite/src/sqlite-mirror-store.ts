import type { Database, Statement, Transaction } from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely';
import { Subject, from, type Observable } from 'rxjs';
import {
  CURRENT_EVENT_SCHEMA_VERSION,
  checkImportBatch,
  checkRecentRunsLimit,
  DEFAULT_DELTA_LIMITS,
  EarlierBatchFailedError,
  InvalidDeltaError,
  MirrorError,
  invalidDeltaReject,
  sourceRejectsOf,
  normalizeInstant,
  StoreClosedError,
  StoreFullError,
  StoreReadOnlyError,
  prepareDelta,
  systemClock,
  type StoredEvent,
  type AppliedDelta,
  type ApplyBatchOptions,
  type CheckedImport,
  type ImportBatch,
  type Clock,
  type ConflictStrategy,
  type CursorUpdate,
  type Delta,
  type DeltaLimits,
  type MirrorChange,
  type MirrorStore,
  type MirroredRecord,
  type RejectFilter,
  type RejectedRecord,
  type QueryLimits,
  type QueryOptions,
  type QueryParams,
  type QueryResult,
  type QueryRow,
  type SourceLock,
  type EventFilter,
  type RebuildReport,
  type RecordHistoryEntry,
  type RedactionReport,
  type ReplayOptions,
  type ResourceDescription,
  type ResourceSummary,
  type SourceRunSummary,
  type StoredCursor,
  type StrategyIdentity,
  type SyncRun,
  type SyncRunEnd,
} from '@oxide-mirror/core';
import { param, prepareCompiled } from './compiled-statement';
import { BatchWriter, type BatchExtras, type BatchItem } from './batch-writer';
import { EventLog, legacyHeadOf } from './event-log';
import { EventReader, type EventSchema } from './event-reader';
import { checkMirrorFile } from './mirror-file-check';
import {
  isUnwritable,
  limitSize,
  openConnections,
  openReadOnlyConnections,
  type Connections,
} from './open-connections';
import { redactRecord, scrubErasedValues } from './record-redaction';
import { RejectLog } from './reject-log';
import { SourceLocks } from './source-locks';
import { ProjectionRunner } from './projection-runner';
import { ProjectionStrategy } from './projection-strategy';
import { StoreCatalog } from './store-catalog';
import { SyncRunTable } from './sync-run-table';
import { knownRecordIds, listCursors, resourceNames } from './store-lookups';
import { QueryRunner } from './query/query-runner';
import { queryBudgetOf, queryLimitsOf } from './query/query-settings';
import { rebuildRecords } from './record-rebuild';
import { replayRecord } from './record-history';
import { RECORD_PROJECTION, RECORD_STATE_TABLE, RecordProjection } from './record-projection';
import { recordFromRow, resolvedStatesSql, type RecordStateRow } from './record-row';
import { ResourceViewsProjection } from './resource-views-projection';
import type { MirrorDatabase } from './schema/database';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, migrations } from './schema/migrations';
import type { SqliteStoreOptions } from './sqlite-store-options';
import { prepareWriteStatements, type WriteStatements } from './write-statements';
import {
  DEFAULT_WRITER_THREAD_MIN_DELTAS,
  WORKER_MODULE,
  WriterThread,
} from './writer-thread/writer-thread';

/** How long a connection waits for another's lock when the options do not say. */
const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** Where `applyBatch` sent a batch: set when it went to the writer thread. */
interface SentBatch {
  threadId?: number;
}

/** Prepared statements outside the hot path of the event log and the record projection. */
interface StoreStatements extends WriteStatements {
  getCursor: Statement;
  liveRecord: Statement;
  liveRecords: Statement;
}

/**
 * The mirror in one SQLite database: the append-only `mirror_events` log, the `mirror_records`
 * projection, cursors and read-only SQL. Each batch (a page of a sync) commits its events,
 * record changes and cursor in one transaction.
 *
 * @example
 * const store = await SqliteMirrorStore.open('mirror.db');
 * await store.applyDelta(Delta.upsert('pets', '1', { name: 'Rex' }, 'petstore'), new LastWriteWins());
 * const rows = await store.query('SELECT record_id, payload FROM mirror_records');
 * await store.close();
 */
export class SqliteMirrorStore implements MirrorStore {
  private readonly writer: Database;
  private readonly clock: Clock;
  private readonly limits: DeltaLimits;
  private readonly log: EventLog;
  private readonly records: RecordProjection;
  private readonly queries: QueryRunner;
  private readonly disposeFiles: () => void;
  private readonly maxBytes: number | undefined;
  private readonly statements: StoreStatements;
  private readonly knownResources: Set<string>;
  private readonly feed = new Subject<MirrorChange>();
  private readonly events: EventReader;
  private readonly runner: ProjectionRunner;
  private readonly eventSchema: EventSchema;
  private strategy: ConflictStrategy | undefined;
  private rebuilding: Promise<RebuildReport> | undefined;
  private readonly rejects: RejectLog;
  private readonly batches: BatchWriter;
  /** Writes large batches beside this thread; undefined when every batch is written here. */
  private readonly thread: WriterThread | undefined;
  /** The writer thread's id of each batch sent there, by the promise `applyBatch` returned. */
  private readonly threadBatches = new WeakMap<Promise<unknown>, number>();
  /** Batches settled, by the promise `applyBatch` returned: true when they committed. */
  private readonly settledBatches = new WeakMap<Promise<unknown>, boolean>();
  /** Batches waiting to be written here, after the writer thread's. */
  private waitingHere = 0;
  private readonly writeImport: Transaction<
    (checked: CheckedImport, strategy: ConflictStrategy) => MirrorChange[]
  >;
  private closed = false;
  /** True when the store was opened read-only (asked for, or the file is not writable). */
  readonly readOnly: boolean;
  private readonly locks: SourceLocks;
  private readonly projectionStrategy$: ProjectionStrategy;
  private readonly catalog: StoreCatalog;
  private readonly syncRuns: SyncRunTable;

  private constructor(
    connections: Connections,
    private readonly kysely: Kysely<MirrorDatabase>,
    options: SqliteStoreOptions,
  ) {
    this.writer = connections.writer;
    this.clock = options.clock ?? systemClock;
    this.limits = { ...DEFAULT_DELTA_LIMITS, ...options.limits };
    this.strategy = options.strategy;
    this.eventSchema = eventSchemaOf(options);
    this.log = new EventLog(
      this.writer,
      kysely,
      this.eventSchema.version,
      legacyHeadOf(this.writer),
    );
    this.rejects = new RejectLog(this.writer, kysely);
    this.records = new RecordProjection(this.writer, kysely, this.limits);
    this.disposeFiles = connections.dispose;
    this.maxBytes = options.maxDatabaseBytes;
    this.statements = this.prepareStatements();
    this.events = new EventReader(this.writer, kysely, this.eventSchema);
    this.queries = new QueryRunner({
      databasePath: connections.path,
      busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
      limits: queryLimitsOf(options.queryLimits),
      budget: queryBudgetOf(options.queryBudget),
      events: this.events,
      strategy: () => this.strategy,
    });
    this.readOnly = options.readOnly === true;
    this.locks = new SourceLocks(this.writer, this.clock);
    this.projectionStrategy$ = new ProjectionStrategy(this.writer);
    this.catalog = new StoreCatalog(this.writer);
    this.syncRuns = new SyncRunTable(this.writer, this.clock);
    const projections = [
      ...(options.resourceViews === false ? [] : [new ResourceViewsProjection()]),
    ];
    this.runner = new ProjectionRunner(
      this.writer,
      [...projections, ...(options.projections ?? [])],
      this.events,
      this.statements.setCheckpoint,
    );
    // Another process may be rebuilding right now: its side table is not abandoned, so it is
    // left alone here and dropped only by the next rebuild.
    if (!this.readOnly) this.runner.start();
    this.knownResources = new Set(resourceNames(this.writer));
    this.thread = writerThreadOf(connections, options, this.limits, this.eventSchema.version);
    this.batches = new BatchWriter(this.writer, {
      log: this.log,
      records: this.records,
      rejects: this.rejects,
      runner: this.runner,
      projectionStrategy: this.projectionStrategy$,
      statements: this.statements,
      knownResources: this.knownResources,
      schemaVersion: this.eventSchema.version,
    });
    this.writeImport = this.writer.transaction(
      (checked: CheckedImport, strategy: ConflictStrategy) =>
        this.importInTransaction(checked, strategy),
    );
  }

  /** Opens (creating and migrating as needed) the database file at `path`, in WAL mode. */
  static async open(path: string, options: SqliteStoreOptions = {}): Promise<SqliteMirrorStore> {
    return SqliteMirrorStore.create(path, options);
  }

  /**
   * A private, throwaway mirror for tests and one-off work. It lives in a temporary folder that
   * is removed on `close()` (or when the process exits), not in `:memory:`: a file lets queries
   * run on their own read-only connection and in a process that can be stopped, as for any store.
   */
  static async inMemory(options: SqliteStoreOptions = {}): Promise<SqliteMirrorStore> {
    return SqliteMirrorStore.create(undefined, options);
  }

  private static async create(
    path: string | undefined,
    options: SqliteStoreOptions,
  ): Promise<SqliteMirrorStore> {
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    const readOnly = path !== undefined && (options.readOnly === true || isUnwritable(path));
    if (path === undefined && options.readOnly === true) {
      throw new MirrorError(
        'STORE_READ_ONLY',
        'a throwaway store cannot be read-only: open a file',
      );
    }
    queryLimitsOf(options.queryLimits);
    queryBudgetOf(options.queryBudget);
    // Before anything touches the file: another application's database is refused unchanged.
    if (path !== undefined && existsSync(path)) checkMirrorFile(path, readOnly);
    const connections = readOnly
      ? openReadOnlyConnections(path, busyTimeoutMs)
      : openConnections(path, busyTimeoutMs);
    const kysely = new Kysely<MirrorDatabase>({
      dialect: new SqliteDialect({ database: connections.writer }),
    });
    try {
      if (!readOnly) await migrate(kysely);
      if (options.maxDatabaseBytes !== undefined)
        limitSize(connections.writer, options.maxDatabaseBytes);
    } catch (error) {
      await kysely.destroy();
      connections.dispose();
      throw error;
    }
    const store = new SqliteMirrorStore(connections, kysely, { ...options, readOnly });
    try {
      if (options.strategy !== undefined) store.adopt(options.strategy);
      // Runs left `running` by a process that died are told apart from live ones at once.
      if (!readOnly) store.write(() => store.syncRuns.markAbandoned());
      if (options.writerThread !== false && options.writerThread?.startAtOpen === true) {
        await store.thread?.start();
      }
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /**
   * Makes `strategy` the one this store keeps: refused when the projection was built with
   * another; recorded when none is recorded and the store may write.
   */
  private adopt(strategy: ConflictStrategy): void {
    this.projectionStrategy$.accept(strategy, !this.readOnly);
    this.strategy = strategy;
  }

  /** Number of schema migrations applied to this database. */
  async schemaVersion(): Promise<number> {
    this.assertOpen();
    return this.writer.prepare(`SELECT count(*) FROM ${MIGRATION_TABLE}`).pluck().get() as number;
  }

  async applyDelta(delta: Delta, strategy: ConflictStrategy): Promise<AppliedDelta> {
    const [outcome] = await this.applyBatch([delta], strategy);
    return outcome as AppliedDelta;
  }

  /**
   * Takes a batch while the one before it is being written (on the writer thread), see
   * `RecordWriter.pipelinesBatches`.
   */
  readonly pipelinesBatches = true;

  applyBatch(
    deltas: readonly Delta[],
    strategy: ConflictStrategy,
    options: ApplyBatchOptions = {},
  ): Promise<AppliedDelta[]> {
    const sent: SentBatch = {};
    const written = this.applyBatchInOrder(deltas, strategy, options, sent);
    if (sent.threadId !== undefined) this.threadBatches.set(written, sent.threadId);
    written.then(
      () => this.settledBatches.set(written, true),
      () => this.settledBatches.set(written, false),
    );
    return written;
  }

  private async applyBatchInOrder(
    deltas: readonly Delta[],
    strategy: ConflictStrategy,
    options: ApplyBatchOptions,
    sent: SentBatch,
  ): Promise<AppliedDelta[]> {
    this.assertWritable('apply deltas');
    if (!Array.isArray(deltas)) throw new InvalidDeltaError('deltas', 'must be an array of deltas');
    const items = deltas.map((delta, index) => this.prepare(delta, index, options));
    const recordedAt = this.clock.now().toISOString();
    const extras: BatchExtras = {
      recordedAt,
      cursor:
        options.cursor === undefined
          ? undefined
          : { update: options.cursor, at: this.clock.now().toISOString() },
      sourceRejects: sourceRejectsOf(options),
      resolvesRejects: options.resolvesRejects ?? [],
    };
    const outcomes = await this.writeBatch(items, strategy, extras, options, sent);
    // A store opened without a strategy keeps the one its first write brought (now recorded).
    this.strategy ??= strategy;
    if (this.feed.observed) this.publish(items, outcomes);
    return outcomes;
  }

  /**
   * Appends another mirror's events with their identities and projects them with `strategy`,
   * and keeps its cursors, rejects and sync runs, in one transaction (see `EventImporter`).
   */
  async importBatch(batch: ImportBatch, strategy: ConflictStrategy): Promise<void> {
    this.assertWritable('import events');
    await this.writesSettled();
    const checked = checkImportBatch(batch, this.limits);
    const changes = this.write(() => this.writeImport.immediate(checked, strategy));
    this.log.committed();
    this.strategy ??= strategy;
    for (const { event } of checked.events) this.knownResources.add(event.delta.resource);
    for (const change of changes) this.feed.next(change);
  }

  async listRejects(filter: RejectFilter = {}): Promise<RejectedRecord[]> {
    this.assertOpen();
    return this.rejects.list(filter);
  }

  async rejectCounts(): Promise<Record<string, number>> {
    this.assertOpen();
    return this.rejects.counts();
  }

  async getRecord(resource: string, recordId: string): Promise<MirroredRecord | undefined> {
    this.assertOpen();
    const row = this.statements.liveRecord.get(resource, recordId) as RecordStateRow | undefined;
    return row === undefined ? undefined : recordFromRow(row);
  }

  async listRecords(resource: string): Promise<MirroredRecord[]> {
    this.assertOpen();
    const rows = this.statements.liveRecords.all(resource) as RecordStateRow[];
    return rows.map(recordFromRow);
  }

  async recordCounts(): Promise<Record<string, number>> {
    this.assertOpen();
    const counts: Record<string, number> = {};
    for (const name of await this.listResources()) counts[name] = 0;
    const rows = this.writer
      .prepare('SELECT resource, count(*) AS count FROM mirror_records GROUP BY resource')
      .all() as { resource: string; count: number }[];
    for (const row of rows) counts[row.resource] = row.count;
    return counts;
  }

  async eventCount(resource?: string): Promise<number> {
    this.assertOpen();
    const statement =
      resource === undefined
        ? this.writer.prepare('SELECT count(*) FROM mirror_events')
        : this.writer.prepare('SELECT count(*) FROM mirror_events WHERE resource = ?');
    return (
      resource === undefined ? statement.pluck().get() : statement.pluck().get(resource)
    ) as number;
  }

  async listResources(): Promise<string[]> {
    this.assertOpen();
    // Read from the file: another process (a sync beside a read-only store) may have added some.
    return resourceNames(this.writer).sort();
  }

  async registerResource(name: string): Promise<void> {
    this.assertWritable('register a resource');
    await this.writesSettled();
    if (
      typeof name !== 'string' ||
      name.length === 0 ||
      name.length > this.limits.maxResourceLength
    ) {
      throw new InvalidDeltaError(
        'resource',
        `name must be 1 to ${this.limits.maxResourceLength} characters`,
      );
    }
    this.statements.addResource.run({ name });
    this.knownResources.add(name);
  }

  async getCursor(source: string, resource = '*'): Promise<string | undefined> {
    this.assertOpen();
    return this.statements.getCursor.pluck().get({ source, resource }) as string | undefined;
  }

  async setCursor(source: string, resource: string, cursor: string): Promise<void> {
    this.assertWritable('store a cursor');
    await this.writesSettled();
    this.writeCursor({ source, resource, cursor });
  }

  async deleteCursors(source: string, resource?: string): Promise<number> {
    this.assertWritable('delete cursors');
    await this.writesSettled();
    const query = this.kysely.deleteFrom('mirror_cursors').where('source', '=', source);
    const compiled = (
      resource === undefined ? query : query.where('resource', '=', resource)
    ).compile();
    const statement = this.writer.prepare(compiled.sql);
    return this.write(() => statement.run(...compiled.parameters).changes);
  }

  /**
   * Runs read-only SQL and returns its rows as objects in SELECT column order. Refused: anything
   * that could write, attach, load or reconfigure ({@link QueryNotReadOnlyError}); a result over
   * the store's row or byte limit ({@link QueryLimitError}); stopped: a query over its time
   * limit ({@link QueryTimeoutError}).
   */
  async query(sql: string, params?: QueryParams, options?: QueryOptions): Promise<QueryRow[]> {
    this.assertOpen();
    return this.queries.rows(sql, params, options);
  }

  /**
   * Runs read-only SQL within `limits` and returns columns, rows as arrays, and whether the
   * result was cut off at a row or byte limit.
   */
  async runQuery(
    sql: string,
    params?: QueryParams,
    limits?: Partial<QueryLimits>,
    options?: QueryOptions,
  ): Promise<QueryResult> {
    this.assertOpen();
    return this.queries.run(sql, params, limits, options);
  }

  /** The position of the last event in the log; 0 when it is empty. */
  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.events.head();
  }

  /**
   * The log's events matching `filter`, in log order, read chunk by chunk in bounded memory.
   * Old events come upcast to the current schema.
   *
   * @example
   * for await (const event of store.readEvents({ resource: 'crm_contacts', afterPosition: 100 })) { … }
   */
  readEvents(filter: EventFilter = {}): AsyncIterable<StoredEvent> {
    this.assertOpen();
    return this.events.events(filter);
  }

  /** {@link readEvents} as an Observable that completes at the end of the log. */
  events$(filter: EventFilter = {}): Observable<StoredEvent> {
    return from(this.readEvents(filter));
  }

  /**
   * Every delta that reached a record, in log order, with the decision taken and the version and
   * record that resulted. Decisions are those of `strategy` (default: the store's strategy).
   */
  async history(
    resource: string,
    recordId: string,
    options: ReplayOptions = {},
  ): Promise<RecordHistoryEntry[]> {
    this.assertOpen();
    return replayRecord(this.events, this.strategyOr(options.strategy), resource, recordId);
  }

  /**
   * The record as it stood at `asOf` on the sources' clock (`occurredAt`): the projection of
   * the events that had happened by then; undefined if it did not exist or was deleted.
   */
  async recordAt(
    resource: string,
    recordId: string,
    asOf: Date | string,
    options: ReplayOptions = {},
  ): Promise<MirroredRecord | undefined> {
    this.assertOpen();
    let time: string;
    try {
      time = normalizeInstant(asOf, 'asOf');
    } catch (error) {
      const { field, problem } = error as InvalidDeltaError;
      throw new InvalidDeltaError(field, problem, 'recordAt');
    }
    const entries = await replayRecord(
      this.events,
      this.strategyOr(options.strategy),
      resource,
      recordId,
      time,
    );
    return entries[entries.length - 1]?.record;
  }

  /**
   * Replays the whole log into a fresh projection and swaps it in atomically; readers see the
   * old records until the swap commits. With `strategy`, the projection is rebuilt — and kept
   * from then on — with that strategy. Custom projections are rebuilt in the same swap.
   */
  async rebuild(options: ReplayOptions = {}): Promise<RebuildReport> {
    this.assertWritable('rebuild');
    await this.writesSettled();
    const strategy = this.strategyOr(options.strategy);
    const previous = this.rebuilding ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(() =>
        this.writeAsync(() =>
          rebuildRecords(
            {
              db: this.writer,
              kysely: this.kysely,
              reader: this.events,
              limits: this.limits,
              runner: this.runner,
              setCheckpoint: this.statements.setCheckpoint,
              recordStrategy: (chosen) => this.projectionStrategy$.record(chosen),
            },
            strategy,
          ),
        ),
      );
    this.rebuilding = run;
    const report = await run;
    this.strategy = strategy;
    return report;
  }

  /**
   * Takes the lock that lets one sync of `source` run at a time, across processes; rejects with
   * `SyncInProgressError` while a live process holds it. A dead holder's lock is taken over.
   */
  async lockSource(source: string): Promise<SourceLock> {
    this.assertWritable('sync');
    await this.writesSettled();
    return this.write(() => this.locks.acquire(source));
  }

  /**
   * The maintenance command for a deletion request: erases the payload of every event of one
   * record — the only change the log ever accepts — records it in `mirror_audit`, and removes the
   * record from `mirror_records` (its erased events read as deletes from then on). Then no copy
   * of the erased values is left in the file or its WAL: the database is vacuumed and the WAL
   * checkpointed and truncated (a cost in time and disk that grows with the mirror's size).
   */
  async redactRecord(
    resource: string,
    recordId: string,
    options: { reason: string },
  ): Promise<RedactionReport> {
    this.assertWritable('redact a record');
    await this.writesSettled();
    if (typeof options?.reason !== 'string' || options.reason.trim() === '') {
      throw new InvalidDeltaError('reason', 'must say why the record is redacted', 'redactRecord');
    }
    const context = {
      db: this.writer,
      clock: this.clock,
      reader: this.events,
      records: this.records,
    };
    const report = this.write(() =>
      redactRecord(context, this.strategyOr(undefined), resource, recordId, options.reason),
    );
    await this.writeAsync(() => scrubErasedValues(this.writer));
    return report;
  }

  async projectionStrategy(): Promise<StrategyIdentity | undefined> {
    this.assertOpen();
    return this.projectionStrategy$.read();
  }

  async resourceSummaries(): Promise<ResourceSummary[]> {
    this.assertOpen();
    return this.catalog.summaries();
  }

  async describeResource(resource: string): Promise<ResourceDescription> {
    this.assertOpen();
    return this.catalog.describe(resource);
  }

  async listCursors(source?: string): Promise<StoredCursor[]> {
    this.assertOpen();
    return listCursors(this.writer, source);
  }

  async recordIds(resource: string, source: string): Promise<string[]> {
    this.assertOpen();
    return knownRecordIds(this.writer, resource, source);
  }

  async startSyncRun(source: string, cursorBefore: string | undefined): Promise<number> {
    this.assertWritable('record a sync run');
    await this.writesSettled();
    return this.write(() => this.syncRuns.start(source, cursorBefore));
  }

  async finishSyncRun(id: number, end: SyncRunEnd): Promise<SyncRun> {
    this.assertWritable('record a sync run');
    await this.writesSettled();
    this.write(() => this.syncRuns.finish(id, end));
    const run = this.syncRuns.get(id);
    if (run === undefined) throw new MirrorError('INVALID_OPTIONS', `no sync run with id ${id}`);
    return run;
  }

  async syncRun(id: number): Promise<SyncRun | undefined> {
    this.assertOpen();
    return this.syncRuns.get(id);
  }

  async syncRunSummaries(): Promise<SourceRunSummary[]> {
    this.assertOpen();
    return this.syncRuns.summaries();
  }

  async recentSyncRuns(limit: number): Promise<SyncRun[]> {
    this.assertOpen();
    checkRecentRunsLimit(limit);
    return this.syncRuns.recent(limit);
  }

  changes(): Observable<MirrorChange> {
    return this.feed.asObservable();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.thread?.close();
    this.feed.complete();
    this.queries.close();
    await this.kysely.destroy();
    this.disposeFiles();
  }

  private prepare(delta: Delta, index: number, options: ApplyBatchOptions): BatchItem {
    try {
      return { prepared: prepareDelta(delta, this.limits) };
    } catch (error) {
      if (!(error instanceof InvalidDeltaError)) throw error;
      const located = error.at(index, delta?.resource, delta?.recordId);
      if (options.onInvalid !== 'reject') throw located;
      return { reject: invalidDeltaReject(delta, error, options) };
    }
  }

  private importInTransaction(checked: CheckedImport, strategy: ConflictStrategy): MirrorChange[] {
    this.projectionStrategy$.accept(strategy);
    this.log.beginBatch('');
    const changes: MirrorChange[] = [];
    const appended: StoredEvent[] = [];
    for (const imported of checked.events) {
      const position = this.log.appendImported(imported);
      const { delta } = imported.event;
      if (!this.knownResources.has(delta.resource)) {
        this.statements.addResource.run({ name: delta.resource });
      }
      const { decision, version } = this.records.apply({ delta, position }, strategy);
      if (decision !== 'duplicate' && decision !== 'rejected') {
        changes.push({ position, delta, decision, ...(version === undefined ? {} : { version }) });
      }
      appended.push({ ...imported.event, position });
    }
    const last = appended[appended.length - 1];
    if (last !== undefined) {
      this.statements.setCheckpoint.run({ name: RECORD_PROJECTION, position: last.position });
      if (this.runner.active) this.runner.apply(appended);
    }
    for (const reject of checked.rejects) this.rejects.addImported(reject);
    for (const { source, resource, cursor, updatedAt } of checked.cursors) {
      this.statements.setCursor.run({ source, resource, cursor, updated_at: updatedAt });
    }
    this.syncRuns.importRuns(checked.syncRuns);
    return changes;
  }

  private writeCursor({ source, resource, cursor }: CursorUpdate): void {
    this.statements.setCursor.run({
      source,
      resource,
      cursor,
      updated_at: this.clock.now().toISOString(),
    });
  }

  private publish(items: readonly BatchItem[], outcomes: readonly AppliedDelta[]): void {
    for (let i = 0; i < outcomes.length; i++) {
      const { decision, position, version } = outcomes[i] as AppliedDelta;
      const { prepared } = items[i] as BatchItem;
      // Duplicates and rejects appended nothing: there is no event to announce.
      if (prepared === undefined || position === undefined) continue;
      if (decision === 'duplicate' || decision === 'rejected') continue;
      const change: MirrorChange = { position, delta: prepared.delta, decision };
      if (version !== undefined) change.version = version;
      this.feed.next(change);
    }
  }

  private prepareStatements(): StoreStatements {
    const db = this.writer;
    const kysely = this.kysely;
    return {
      liveRecord: db.prepare(
        `${resolvedStatesSql(RECORD_STATE_TABLE, true)} WHERE s.resource = ? AND s.record_id = ? AND s.deleted = 0`,
      ),
      liveRecords: db.prepare(
        `${resolvedStatesSql(RECORD_STATE_TABLE, true)} WHERE s.resource = ? AND s.deleted = 0 ORDER BY s.record_id`,
      ),
      ...prepareWriteStatements(db, kysely),
      getCursor: prepareCompiled(
        db,
        kysely
          .selectFrom('mirror_cursors')
          .select('cursor')
          .where('source', '=', param<string>('source'))
          .where('resource', '=', param<string>('resource')),
      ),
    };
  }

  private strategyOr(strategy: ConflictStrategy | undefined): ConflictStrategy {
    const chosen = strategy ?? this.strategy;
    if (chosen === undefined) {
      throw new MirrorError(
        'STRATEGY_REQUIRED',
        'no strategy given and the store was opened without one',
      );
    }
    return chosen;
  }

  /**
   * Writes a batch on the writer thread when it takes it, else here; either way after every
   * batch called before it and, with `follows`, only if that batch committed.
   */
  private async writeBatch(
    items: readonly BatchItem[],
    strategy: ConflictStrategy,
    extras: BatchExtras,
    { follows, source }: ApplyBatchOptions,
    sent: SentBatch,
  ): Promise<AppliedDelta[]> {
    const thread = this.thread;
    const settled = follows === undefined ? true : this.settledBatches.get(follows);
    if (settled === false) throw new EarlierBatchFailedError(source ?? '');
    // The batch this one follows, while it is on its way.
    const pending = settled === undefined ? follows : undefined;
    const followed = pending === undefined ? undefined : this.threadBatches.get(pending);
    // The thread writes after a batch it was sent; a batch waiting here goes first.
    const toThread =
      thread !== undefined &&
      this.waitingHere === 0 &&
      (pending === undefined || followed !== undefined) &&
      thread.takes(items, strategy, extras);
    if (toThread) {
      const after = followed === undefined ? undefined : { id: followed, source: source ?? '' };
      const batch = thread.write(items, strategy, extras, after);
      sent.threadId = batch.id;
      const outcomes = await this.writeAsync(() => batch.outcomes);
      if (outcomes !== undefined) {
        for (const { prepared } of items) {
          if (prepared !== undefined) this.knownResources.add(prepared.delta.resource);
        }
        return outcomes;
      }
    }
    if (this.thread?.busy === true || pending !== undefined) {
      this.waitingHere += 1;
      try {
        await this.writesSettled();
        const committed = await pending?.then(
          () => true,
          () => false,
        );
        if (committed === false) throw new EarlierBatchFailedError(source ?? '');
      } finally {
        this.waitingHere -= 1;
      }
    }
    return this.write(() => this.batches.write(items, strategy, extras));
  }

  /** Waits for the writer thread's batches, then checks the store is still open. */
  private async writesSettled(): Promise<void> {
    if (this.thread?.busy !== true) return;
    await this.thread.idle();
    this.assertOpen();
  }

  /** Runs a write, turning SQLite's "database or disk is full" into {@link StoreFullError}. */
  private write<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw this.fullOr(error);
    }
  }

  /** {@link write} for work that yields to the event loop between its transactions. */
  private async writeAsync<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.fullOr(error);
    }
  }

  private fullOr(error: unknown): unknown {
    return (error as { code?: unknown }).code === 'SQLITE_FULL'
      ? new StoreFullError(this.maxBytes, { cause: error })
      : error;
  }

  private assertWritable(operation: string): void {
    this.assertOpen();
    if (this.readOnly) throw new StoreReadOnlyError(operation);
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }
}

/** Brings the schema to the latest version with Kysely's migrator. */
async function migrate(kysely: Kysely<MirrorDatabase>): Promise<void> {
  const migrator = new Migrator({
    db: kysely,
    provider: { getMigrations: async () => migrations },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new MirrorError('MIGRATION_FAILED', `migration ${failed} failed: ${String(error)}`, {
      cause: error,
    });
  }
}

/** The event schema from the options, with upcasters indexed by the version they read. */
function eventSchemaOf(options: SqliteStoreOptions): EventSchema {
  const version = options.eventSchema?.version ?? CURRENT_EVENT_SCHEMA_VERSION;
  const upcasters = new Map(
    (options.eventSchema?.upcasters ?? []).map((upcaster) => [upcaster.fromVersion, upcaster]),
  );
  return { version, upcasters };
}

/** The writer thread the options ask for, if the store can have one (see `writerThread`). */
function writerThreadOf(
  connections: Connections,
  options: SqliteStoreOptions,
  limits: DeltaLimits,
  schemaVersion: number,
): WriterThread | undefined {
  // With one core the thread could only take turns with this one: its copies would be pure cost.
  const wanted = options.writerThread ?? (availableParallelism() > 1 ? {} : false);
  if (wanted === false || options.readOnly === true || WORKER_MODULE === undefined) {
    return undefined;
  }
  if ((options.projections ?? []).length > 0) return undefined;
  return new WriterThread(
    WORKER_MODULE,
    {
      path: connections.path,
      busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
      durable: connections.durable,
      maxDatabaseBytes: options.maxDatabaseBytes,
      limits,
      schemaVersion,
      resourceViews: options.resourceViews !== false,
    },
    wanted.minDeltas ?? DEFAULT_WRITER_THREAD_MIN_DELTAS,
  );
}
