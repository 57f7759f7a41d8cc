import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import type { Observable } from 'rxjs';
import {
  CURRENT_EVENT_SCHEMA_VERSION,
  checkImportBatch,
  checkRecentRunsLimit,
  DEFAULT_DELTA_LIMITS,
  DEFAULT_QUERY_LIMITS,
  ImportRefusedError,
  InvalidDeltaError,
  MirrorError,
  NoMirrorError,
  StoreClosedError,
  StoreFullError,
  StoreReadOnlyError,
  invalidDeltaReject,
  normalizeInstant,
  prepareDelta,
  sourceRejectsOf,
  systemClock,
  type AppliedDelta,
  type ApplyBatchOptions,
  type Clock,
  type ConflictStrategy,
  type Delta,
  type DeltaLimits,
  type EventFilter,
  type ImportBatch,
  type MirrorChange,
  type MirrorStore,
  type MirroredRecord,
  type QueryLimits,
  type QueryParams,
  type QueryResult,
  type QueryRow,
  type RebuildReport,
  type RecordHistoryEntry,
  type RedactionReport,
  type RejectFilter,
  type RejectedRecord,
  type ResourceDescription,
  type ResourceSummary,
  type SourceLock,
  type SourceRunSummary,
  type StoredCursor,
  type StoredEvent,
  type StrategyIdentity,
  type SyncRun,
  type SyncRunEnd,
} from '@oxide-mirror/core';
import { BatchWriter, ConcurrentAppend, type BatchItem } from './batch-writer';
import { ChangeFeed } from './change-feed';
import { openPool } from './connections';
import { upsertCursor } from './cursor-table';
import { importChecked } from './event-import';
import { checkStorableInJsonb } from './jsonb-text';
import { readEvents } from './event-reader';
import { headPosition } from './log-head';
import { checkStoreOptions, type PostgresStoreOptions } from './postgres-store-options';
import { QueryRunner } from './query/query-runner';
import { ProjectionStrategy } from './projection-strategy';
import { replayRecord } from './record-history';
import { rebuildRecords } from './record-rebuild';
import { redactRecord, scrubErasedValues } from './record-redaction';
import { describeResource, knownRecordIds, listCursors, resourceSummaries } from './store-catalog';
import { SyncRunTable } from './sync-run-table';
import { RECORD_STATE_SELECT, liveRecordFromRow, type RecordStateRow } from './record-state';
import { listRejects, rejectCounts } from './reject-log';
import { ResourceViews } from './resource-views';
import { migrations, MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from './schema/migrations';
import { DEFAULT_READER_BOUNDS, ensureReaderRole } from './schema/reader-role';
import { SourceLocks } from './source-locks';

/** How often a batch is run again after losing a race with another writer. */
const MAX_ATTEMPTS = 5;
/** SQLSTATEs of a transaction PostgreSQL aborted to break a deadlock or a serialization race. */
const RETRYABLE_CODES = new Set(['40P01', '40001']);
const DISK_FULL = '53100';

/** What `open` sets up before the store exists. */
interface Parts {
  writer: pg.Pool;
  reader: pg.Pool;
  kysely: Kysely<unknown>;
  schema: string;
  feed: ChangeFeed;
  locks: SourceLocks;
}

/**
 * The mirror in one PostgreSQL schema, shared by any number of processes and machines: the
 * append-only `mirror_events` log, the `mirror_records` projection, cursors, rejects and
 * read-only SQL, with store-sqlite's behaviour by PostgreSQL's own means. Each batch (a page of
 * a sync) commits its events, record changes, checkpoint, rejects and cursor in one transaction.
 *
 * @example
 * const store = await PostgresMirrorStore.open({ connectionString: 'postgres://mirror@db/mirror' });
 * await store.applyDelta(Delta.upsert('pets', '1', { name: 'Rex' }, 'petstore'), new LastWriteWins());
 * const rows = await store.query('SELECT record_id, payload FROM mirror_records');
 * await store.close();
 */
export class PostgresMirrorStore implements MirrorStore {
  private readonly clock: Clock;
  private readonly limits: DeltaLimits;
  private readonly writer: pg.Pool;
  private readonly kysely: Kysely<unknown>;
  private readonly feed: ChangeFeed;
  private readonly locks: SourceLocks;
  private readonly queries: QueryRunner;
  private readonly batches: BatchWriter;
  private readonly views: ResourceViews | undefined;
  private strategy: ConflictStrategy | undefined;
  private readonly projection = new ProjectionStrategy();
  private readonly runs: SyncRunTable;
  /** True when the store was opened read-only: every write is refused with `StoreReadOnlyError`. */
  readonly readOnly: boolean;
  private readonly readerPool: pg.Pool;
  /** The schema that holds this mirror. */
  readonly schema: string;
  private closed = false;

  private constructor(parts: Parts, options: PostgresStoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.limits = { ...DEFAULT_DELTA_LIMITS, ...options.limits };
    this.writer = parts.writer;
    this.readerPool = parts.reader;
    this.kysely = parts.kysely;
    this.schema = parts.schema;
    this.feed = parts.feed;
    this.locks = parts.locks;
    this.strategy = options.strategy;
    this.queries = new QueryRunner(
      parts.reader,
      { ...DEFAULT_QUERY_LIMITS, ...options.queryLimits },
      { events: parts.writer, strategy: () => this.strategyOr(undefined) },
    );
    this.batches = new BatchWriter(this.limits, CURRENT_EVENT_SCHEMA_VERSION);
    this.views = options.resourceViews === false ? undefined : new ResourceViews();
    this.runs = new SyncRunTable(parts.writer, this.clock, parts.locks);
    this.readOnly = options.readOnly === true;
  }

  /**
   * Connects, creates the schema and the reader role when missing and migrates with Kysely's
   * migrator. Several processes may open one mirror at once: the migrator's lock orders them.
   */
  static async open(options: PostgresStoreOptions): Promise<PostgresMirrorStore> {
    const { schema, poolSize, readerUser } = checkStoreOptions(options);
    const common = { connectionString: options.connectionString, schema };
    const writer = openPool({ ...common, max: poolSize, applicationName: 'oxide-mirror' });
    const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: writer }) });
    const reader = openPool({
      ...common,
      max: 2,
      user: readerUser,
      ...(options.reader?.password === undefined ? {} : { password: options.reader.password }),
      applicationName: 'oxide-mirror query',
    });
    const feed = new ChangeFeed(options.connectionString, schema, writer);
    const locks = new SourceLocks(common);
    try {
      const exists = await mirrorExists(writer, schema);
      if (!exists && (options.mustExist === true || options.readOnly === true)) {
        throw new NoMirrorError(
          `schema ${schema} of ${urlWithoutPassword(options.connectionString)}`,
        );
      }
      if (options.readOnly !== true)
        await migrate(kysely, schema, { user: readerUser, ...options.reader });
      await feed.start();
    } catch (error) {
      await Promise.all([feed.close(), kysely.destroy(), reader.end()]);
      throw error;
    }
    const store = new PostgresMirrorStore({ writer, reader, kysely, schema, feed, locks }, options);
    try {
      await store.adoptStrategy(options.strategy);
      // Runs left `running` by a process that died are told apart from live ones at once.
      if (options.readOnly !== true) await store.runs.markAbandoned();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /** Checks (and, when none is recorded and the store may write, records) the strategy given at open. */
  private async adoptStrategy(strategy: ConflictStrategy | undefined): Promise<void> {
    if (strategy !== undefined) await this.projection.accept(this.writer, strategy, !this.readOnly);
  }

  /** Number of schema migrations applied to this mirror. */
  async schemaVersion(): Promise<number> {
    return this.count(`SELECT count(*) AS n FROM ${MIGRATION_TABLE}`);
  }

  async applyDelta(delta: Delta, strategy: ConflictStrategy): Promise<AppliedDelta> {
    const [outcome] = await this.applyBatch([delta], strategy);
    return outcome as AppliedDelta;
  }

  async applyBatch(
    deltas: readonly Delta[],
    strategy: ConflictStrategy,
    options: ApplyBatchOptions = {},
  ): Promise<AppliedDelta[]> {
    this.assertWritable('apply deltas');
    if (!Array.isArray(deltas)) throw new InvalidDeltaError('deltas', 'must be an array of deltas');
    const items = deltas.map((delta, index) => this.prepare(delta, index, options));
    const extras = {
      cursor: options.cursor,
      sourceRejects: sourceRejectsOf(options),
      resolvesRejects: options.resolvesRejects ?? [],
    };
    const recordedAt = this.clock.now().toISOString();
    const { outcomes, events } = await this.transaction(async (client) => {
      await this.projection.accept(client, strategy);
      const result = await this.batches.write(client, items, strategy, recordedAt, extras);
      await this.views?.apply(client, result.events);
      await this.feed.announce(client, result.outcomes);
      return result;
    });
    this.strategy = strategy;
    this.feed.publish(events, outcomes);
    return outcomes;
  }

  /**
   * Appends another mirror's events with their identities and projects them with `strategy`,
   * and keeps its cursors, rejects and sync runs, in one transaction (see `EventImporter`).
   */
  async importBatch(batch: ImportBatch, strategy: ConflictStrategy): Promise<void> {
    this.assertWritable('import events');
    const checked = checkImportBatch(batch, this.limits);
    checked.events.forEach(({ event, payloadJson }, index) => {
      try {
        checkStorableInJsonb({ delta: event.delta, payloadJson, eventId: event.eventId });
      } catch (error) {
        const { field, problem } = error as InvalidDeltaError;
        throw new ImportRefusedError(`event #${index} (${event.eventId}): ${field} ${problem}`);
      }
    });
    const { outcomes, events } = await this.transaction(async (client) => {
      await this.projection.accept(client, strategy);
      const result = await importChecked(client, checked, strategy, {
        limits: this.limits,
        runs: this.runs,
      });
      await this.views?.apply(client, result.events);
      await this.feed.announce(client, result.outcomes);
      return result;
    });
    this.strategy = strategy;
    this.feed.publish(events, outcomes);
  }

  async getRecord(resource: string, recordId: string): Promise<MirroredRecord | undefined> {
    this.assertOpen();
    const { rows } = await this.writer.query<RecordStateRow>(
      `${RECORD_STATE_SELECT} WHERE s.resource = $1 AND s.record_id = $2 AND NOT s.deleted`,
      [resource, recordId],
    );
    return rows[0] === undefined ? undefined : liveRecordFromRow(rows[0]);
  }

  async listRecords(resource: string): Promise<MirroredRecord[]> {
    this.assertOpen();
    // Ordered by the ids' bytes (COLLATE "C"), as SQLite orders them, whatever the database's locale.
    const { rows } = await this.writer.query<RecordStateRow>(
      `${RECORD_STATE_SELECT} WHERE s.resource = $1 AND NOT s.deleted ORDER BY s.record_id COLLATE "C"`,
      [resource],
    );
    return rows.map(liveRecordFromRow);
  }

  async recordCounts(): Promise<Record<string, number>> {
    this.assertOpen();
    const counts: Record<string, number> = {};
    for (const name of await this.listResources()) counts[name] = 0;
    const { rows } = await this.writer.query<{ resource: string; count: number }>(
      'SELECT resource, count(*) AS count FROM mirror_record_state WHERE NOT deleted GROUP BY resource',
    );
    for (const row of rows) counts[row.resource] = row.count;
    return counts;
  }

  async eventCount(resource?: string): Promise<number> {
    this.assertOpen();
    return resource === undefined
      ? this.count('SELECT count(*) AS n FROM mirror_events')
      : this.count('SELECT count(*) AS n FROM mirror_events WHERE resource = $1', [resource]);
  }

  async listResources(): Promise<string[]> {
    this.assertOpen();
    const { rows } = await this.writer.query<{ name: string }>(
      'SELECT name FROM mirror_resources ORDER BY name COLLATE "C"',
    );
    return rows.map((row) => row.name);
  }

  async registerResource(name: string): Promise<void> {
    this.assertWritable('register a resource');
    const max = this.limits.maxResourceLength;
    if (typeof name !== 'string' || name.length === 0 || name.length > max) {
      throw new InvalidDeltaError('resource', `name must be 1 to ${max} characters`);
    }
    await this.writer.query(
      'INSERT INTO mirror_resources (name) VALUES ($1) ON CONFLICT DO NOTHING',
      [name],
    );
  }

  async getCursor(source: string, resource = '*'): Promise<string | undefined> {
    this.assertOpen();
    const { rows } = await this.writer.query<{ cursor: string }>(
      'SELECT cursor FROM mirror_cursors WHERE source = $1 AND resource = $2',
      [source, resource],
    );
    return rows[0]?.cursor;
  }

  async setCursor(source: string, resource: string, cursor: string): Promise<void> {
    this.assertWritable('store a cursor');
    await upsertCursor(this.writer, { source, resource, cursor }, this.clock.now().toISOString());
  }

  async deleteCursors(source: string, resource?: string): Promise<number> {
    this.assertWritable('delete cursors');
    const { rowCount } = await this.writer.query(
      'DELETE FROM mirror_cursors WHERE source = $1 AND ($2::text IS NULL OR resource = $2)',
      [source, resource ?? null],
    );
    return rowCount ?? 0;
  }

  /**
   * Runs read-only SQL (PostgreSQL's dialect) as the reader role and returns its rows as objects
   * in SELECT column order. Refused: anything that could write or reconfigure
   * (`QueryNotReadOnlyError`), a result over the row or byte limit (`QueryLimitError`); stopped:
   * a query over its time limit (`QueryTimeoutError`).
   */
  async query(sqlText: string, params?: QueryParams): Promise<QueryRow[]> {
    this.assertOpen();
    return this.queries.rows(sqlText, params);
  }

  /** Runs read-only SQL within `limits`; the result says whether it was cut off. */
  async runQuery(
    sqlText: string,
    params?: QueryParams,
    limits?: Partial<QueryLimits>,
  ): Promise<QueryResult> {
    this.assertOpen();
    return this.queries.run(sqlText, params, limits);
  }

  /**
   * Takes the lock that lets one sync of `source` run at a time, across processes and machines;
   * rejects with `SyncInProgressError` while a live process holds it. A dead holder's lock is
   * released by the server when its connection ends.
   */
  async lockSource(source: string): Promise<SourceLock> {
    this.assertWritable('sync');
    return this.locks.acquire(source);
  }

  async listRejects(filter: RejectFilter = {}): Promise<RejectedRecord[]> {
    this.assertOpen();
    return listRejects(this.writer, filter);
  }

  async rejectCounts(): Promise<Record<string, number>> {
    this.assertOpen();
    return rejectCounts(this.writer);
  }

  async resourceSummaries(): Promise<ResourceSummary[]> {
    this.assertOpen();
    return resourceSummaries(this.writer);
  }

  async describeResource(resource: string): Promise<ResourceDescription> {
    this.assertOpen();
    return describeResource(this.writer, resource);
  }

  async listCursors(source?: string): Promise<StoredCursor[]> {
    this.assertOpen();
    return listCursors(this.writer, source);
  }

  /** Ids of the live records of `resource` whose latest change came from `source`, in id order. */
  async recordIds(resource: string, source: string): Promise<string[]> {
    this.assertOpen();
    return knownRecordIds(this.writer, resource, source);
  }

  /** The strategy that built `mirror_records`, as recorded; undefined before the first write. */
  async projectionStrategy(): Promise<StrategyIdentity | undefined> {
    this.assertOpen();
    return this.projection.read(this.writer);
  }

  async startSyncRun(source: string, cursorBefore: string | undefined): Promise<number> {
    this.assertWritable('record a sync run');
    return this.runs.start(source, cursorBefore);
  }

  async finishSyncRun(id: number, end: SyncRunEnd): Promise<SyncRun> {
    this.assertWritable('record a sync run');
    await this.runs.finish(id, end);
    const run = await this.runs.get(id);
    if (run === undefined) throw new MirrorError('INVALID_OPTIONS', `no sync run with id ${id}`);
    return run;
  }

  async syncRun(id: number): Promise<SyncRun | undefined> {
    this.assertOpen();
    return this.runs.get(id);
  }

  async syncRunSummaries(): Promise<SourceRunSummary[]> {
    this.assertOpen();
    return this.runs.summaries();
  }

  async recentSyncRuns(limit: number): Promise<SyncRun[]> {
    this.assertOpen();
    checkRecentRunsLimit(limit);
    return this.runs.recent(limit);
  }

  /** The position of the last committed event; 0 when the log is empty. */
  async headPosition(): Promise<number> {
    this.assertOpen();
    return headPosition(this.writer);
  }

  /** The log's committed events matching `filter`, in log order, in bounded memory. */
  readEvents(filter: EventFilter = {}): AsyncIterable<StoredEvent> {
    this.assertOpen();
    return readEvents(this.writer, filter);
  }

  /**
   * Every delta that reached a record, in log order, with the decision taken and the version and
   * record that resulted, under `strategy` (default: the store's strategy).
   */
  async history(
    resource: string,
    recordId: string,
    options: { strategy?: ConflictStrategy } = {},
  ): Promise<RecordHistoryEntry[]> {
    this.assertOpen();
    return replayRecord(this.writer, this.strategyOr(options.strategy), resource, recordId);
  }

  /** The record as it stood at `asOf` on the sources' clock; undefined if it did not exist. */
  async recordAt(
    resource: string,
    recordId: string,
    asOf: Date | string,
    options: { strategy?: ConflictStrategy } = {},
  ): Promise<MirroredRecord | undefined> {
    this.assertOpen();
    const time = normalizeInstant(asOf, 'asOf');
    const entries = await replayRecord(
      this.writer,
      this.strategyOr(options.strategy),
      resource,
      recordId,
      time,
    );
    return entries[entries.length - 1]?.record;
  }

  /**
   * Replays the whole log into a fresh projection and swaps it in atomically; readers see the
   * old records until the swap commits, and writers wait for it. With `strategy`, the projection
   * is rebuilt with that strategy.
   */
  async rebuild(options: { strategy?: ConflictStrategy } = {}): Promise<RebuildReport> {
    this.assertWritable('rebuild');
    const strategy = this.strategyOr(options.strategy);
    const report = await this.transaction(async (client) => {
      const rebuilt = await rebuildRecords(client, strategy, this.limits);
      await this.projection.record(client, strategy);
      return rebuilt;
    });
    this.strategy = strategy;
    return report;
  }

  /**
   * The maintenance command for a deletion request: erases the payload of every event of one
   * record — the only change the log ever accepts — records it in `mirror_audit`, and removes the
   * record from `mirror_records` (its erased events read as deletes from then on); then VACUUM
   * frees the row versions that still held the values.
   */
  async redactRecord(
    resource: string,
    recordId: string,
    options: { reason: string },
  ): Promise<RedactionReport> {
    this.assertWritable('redact a record');
    if (typeof options?.reason !== 'string' || options.reason.trim() === '') {
      throw new InvalidDeltaError('reason', 'must say why the record is redacted', 'redactRecord');
    }
    const context = {
      clock: this.clock,
      limits: this.limits,
      strategy: this.strategyOr(undefined),
    };
    const report = await this.transaction((client) =>
      redactRecord(client, context, resource, recordId, options.reason),
    );
    await scrubErasedValues(this.writer);
    return report;
  }

  /**
   * Every committed event — this process's and, through LISTEN/NOTIFY, every other process's on
   * this mirror — after its transaction commits, in commit order.
   */
  changes(): Observable<MirrorChange> {
    return this.feed.changes();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.feed.close();
    await this.locks.close();
    await this.readerPool.end();
    await this.kysely.destroy();
  }

  private prepare(delta: Delta, index: number, options: ApplyBatchOptions): BatchItem {
    try {
      const prepared = prepareDelta(delta, this.limits);
      checkStorableInJsonb(prepared);
      return { prepared };
    } catch (error) {
      if (!(error instanceof InvalidDeltaError)) throw error;
      const located = error.at(index, delta?.resource, delta?.recordId);
      if (options.onInvalid !== 'reject') throw located;
      return { reject: invalidDeltaReject(delta, error, options) };
    }
  }

  /** Runs `work` in one transaction, again when it lost a race with another writer. */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.writer.connect();
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (error) {
        const broken = await client.query('ROLLBACK').then(
          () => undefined,
          (failure: Error) => failure,
        );
        client.release(broken);
        const code = (error as { code?: string }).code;
        const retry = error instanceof ConcurrentAppend || RETRYABLE_CODES.has(code ?? '');
        if (retry && attempt < MAX_ATTEMPTS) continue;
        if (code === DISK_FULL) throw new StoreFullError(undefined, { cause: error });
        throw error;
      }
    }
  }

  private async count(text: string, values: unknown[] = []): Promise<number> {
    this.assertOpen();
    const { rows } = await this.writer.query<{ n: number }>(text, values);
    return rows[0]?.n ?? 0;
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

  private assertWritable(operation: string): void {
    this.assertOpen();
    if (this.readOnly) throw new StoreReadOnlyError(operation);
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }
}

/** True when `schema` already holds a mirror (its migrations table). */
async function mirrorExists(pool: pg.Pool, schema: string): Promise<boolean> {
  const { rows } = await pool.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2) AS found`,
    [schema, MIGRATION_TABLE],
  );
  return rows[0]?.found === true;
}

/**
 * True when `schema` has applied exactly the store's migrations, so that there is nothing to
 * migrate. Kysely's migrator lists every table of the database (twice) before it reads its own
 * table: in a database shared with other applications' schemas that took 0.6 s per call here,
 * on every open. A mirror with migrations unknown to this release is left to the migrator, which
 * refuses it.
 */
async function hasEveryMigration(db: Kysely<unknown>, schema: string): Promise<boolean> {
  const table = await sql<{ found: boolean }>`SELECT to_regclass(
    format('%I.%I', ${schema}::text, ${MIGRATION_TABLE}::text)) IS NOT NULL AS found`.execute(db);
  if (table.rows[0]?.found !== true) return false;
  const { rows } = await sql<{
    name: string;
  }>`SELECT name FROM ${sql.id(schema, MIGRATION_TABLE)}`.execute(db);
  const applied = rows.map((row) => row.name).sort();
  const expected = Object.keys(migrations).sort();
  return applied.length === expected.length && applied.every((name, i) => name === expected[i]);
}

/** Brings `schema` to the latest migration with Kysely's migrator. */
async function migrateToLatest(db: Kysely<unknown>, schema: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    migrationTableSchema: schema,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new MirrorError('MIGRATION_FAILED', `migration ${failed} failed: ${String(error)}`, {
      cause: error,
    });
  }
}

/** The URL without its password, for messages. */
function urlWithoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}

/**
 * Creates the schema when missing, brings it to the latest migration with Kysely's migrator and
 * sets up the reader role — under one advisory lock, so processes opening one mirror at once
 * do it one after the other.
 */
async function migrate(
  kysely: Kysely<unknown>,
  schema: string,
  reader: { user: string; password?: string },
): Promise<void> {
  await kysely.connection().execute(async (db) => {
    await sql`SELECT pg_advisory_lock(hashtext('oxide_mirror_setup'), hashtext(${schema}))`.execute(
      db,
    );
    try {
      await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(db);
      if (!(await hasEveryMigration(db, schema))) await migrateToLatest(db, schema);
      await ensureReaderRole(db, schema, reader, DEFAULT_READER_BOUNDS);
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtext('oxide_mirror_setup'), hashtext(${schema}))`.execute(
        db,
      );
    }
  });
}
