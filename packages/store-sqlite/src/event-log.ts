import type { Database, Statement } from 'better-sqlite3';
import type { Kysely } from 'kysely';
import {
  ImportRefusedError,
  legacyEventIdOf,
  type CheckedImportEvent,
  type Delta,
  type PreparedDelta,
} from '@oxide-mirror/core';
import { prepareCompiled, slot } from './compiled-statement';
import { LEGACY_IDENTITY_HEAD } from './schema/meta-keys';
import { readMeta } from './store-meta';
import type { MirrorDatabase } from './schema/database';

/** The log position up to which events may carry a release-0.1.0 identity (0: none). */
export function legacyHeadOf(db: Database): number {
  return Number(readMeta(db, LEGACY_IDENTITY_HEAD) ?? 0);
}

/** The small integer key of an event id: its first 48 bits, exact in a JS number. */
function eventKeyOf(eventId: string): number {
  return parseInt(eventId.slice(0, 12), 16);
}

/** True for 40 lowercase hex digits: a SHA-1 id (a loop: a regular expression costs more per delta). */
function isSha1Hex(id: string): boolean {
  if (id.length !== 40) return false;
  for (let i = 0; i < 40; i++) {
    const c = id.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** An event id as `mirror_log` stores it: a SHA-1 as its 20 bytes, any other id as its text. */
export function storedEventId(eventId: string): Buffer | string {
  return isSha1Hex(eventId) ? Buffer.from(eventId, 'hex') : eventId;
}

/** Where an event's row is found in the dedupe index, and its id as stored. */
interface LogRowKey {
  resourceId: number;
  recordId: string;
  key: number;
  storedId: Buffer | string;
}

/** The columns an append writes, in the order their values are bound. */
const LOG_COLUMNS = [
  'event_key',
  'resource_id',
  'record_id',
  'source_id',
  'op',
  'confidence',
  'occurred_at',
  'batch',
  'schema_version',
  'event_id',
  'payload',
  'redacted',
] as const;

/**
 * Appends to `mirror_log` and recognises deltas that are already there.
 *
 * Sources and resources are numbered in `mirror_names`, and each batch's recording time is kept
 * once in `mirror_batches` (see the `0008_compact_log` migration). Numbers are remembered across
 * batches only once the batch that created them has committed ({@link committed}): a rolled-back
 * batch takes its new names with it.
 */
export class EventLog {
  private readonly loggedIds: Statement;
  private readonly probe: Statement;
  private readonly insert: Statement;
  private readonly nameId: Statement;
  private readonly addName: Statement;
  private readonly addBatch: Statement;
  /** Numbers of names as committed. */
  private readonly names = new Map<string, number>();
  /** Numbers of names first seen by the batch being written. */
  private readonly pendingNames = new Map<string, number>();
  private recordedAt = '';
  private batchId: number | undefined;
  /**
   * Set by {@link appendOnce}: true when the event it appended is the first of its record, so
   * the record has no state yet and the projection need not read one.
   */
  firstOfRecord = false;

  /**
   * @param legacyHead the last position that may hold a release-0.1.0 identity (0: none), see
   *   `LEGACY_IDENTITY_HEAD`.
   */
  constructor(
    db: Database,
    kysely: Kysely<MirrorDatabase>,
    private readonly schemaVersion: number,
    private readonly legacyHead: number,
  ) {
    this.loggedIds = prepareCompiled(
      db,
      kysely
        .selectFrom('mirror_log')
        .select('event_id')
        .where('resource_id', '=', slot<number>())
        .where('record_id', '=', slot<string>())
        .where('event_key', '=', slot<number>()),
      3,
    ).pluck();
    // Two index probes in one step: the event's own key, and whether its record has any event.
    this.probe = db
      .prepare(
        'SELECT (SELECT event_id FROM mirror_log WHERE resource_id = ? AND record_id = ? ' +
          'AND event_key = ? LIMIT 1) AS event_id, ' +
          'EXISTS (SELECT 1 FROM mirror_log WHERE resource_id = ? AND record_id = ?) AS known',
      )
      .raw();
    // Bound by position, in the order of LOG_COLUMNS.
    this.insert = prepareCompiled(
      db,
      kysely
        .insertInto('mirror_log')
        .values(Object.fromEntries(LOG_COLUMNS.map((column) => [column, slot()])) as never),
      LOG_COLUMNS.length,
    );
    this.nameId = db.prepare('SELECT id FROM mirror_names WHERE name = ?').pluck();
    this.addName = db.prepare('INSERT INTO mirror_names (name) VALUES (?)');
    this.addBatch = db.prepare('INSERT INTO mirror_batches (recorded_at) VALUES (?)');
  }

  /**
   * Starts a batch recorded at `recordedAt` (for an import: at each event's own time), inside the
   * caller's transaction. Its row in
   * `mirror_batches` is written with the batch's first event: a batch of duplicates adds none.
   */
  beginBatch(recordedAt: string): void {
    this.pendingNames.clear();
    this.recordedAt = recordedAt;
    this.batchId = undefined;
  }

  /** The batch begun last has committed: the names it numbered are kept. */
  committed(): void {
    for (const [name, id] of this.pendingNames) this.names.set(name, id);
    this.pendingNames.clear();
  }

  /**
   * Appends `prepared` unless the same delta is already logged; returns its position, or
   * undefined for a re-sent delta.
   */
  appendOnce(prepared: PreparedDelta): number | undefined {
    const { delta, eventId } = prepared;
    const row = this.rowKey(delta, eventId);
    const { resourceId, recordId } = row;
    const [first, known] = this.probe.get(resourceId, recordId, row.key, resourceId, recordId) as [
      Buffer | string | null,
      0 | 1,
    ];
    if (first !== null && (sameId(first, row.storedId) || this.isLogged(row))) return undefined;
    if (this.legacyHead > 0 && known === 1) {
      const legacyId = legacyEventIdOf(delta, eventId);
      if (legacyId !== undefined && this.isLogged(this.rowKey(delta, legacyId))) return undefined;
    }
    this.firstOfRecord = known === 0;
    this.batchId ??= Number(this.addBatch.run(this.recordedAt).lastInsertRowid);
    return this.insertRow(row, delta, prepared.payloadJson, this.schemaVersion, 0);
  }

  /**
   * Appends an event of another mirror with its identity, recording time, schema version and
   * redaction; returns its position here. Refused when the log already holds its id: an import
   * never merges two logs. Consecutive events recorded at one time share a batch row.
   */
  appendImported({ event, payloadJson }: CheckedImportEvent): number {
    const row = this.rowKey(event.delta, event.eventId);
    if (this.isLogged(row)) {
      throw new ImportRefusedError(`event ${event.eventId} is already in the log`);
    }
    if (this.batchId === undefined || this.recordedAt !== event.recordedAt) {
      this.recordedAt = event.recordedAt;
      this.batchId = Number(this.addBatch.run(event.recordedAt).lastInsertRowid);
    }
    const redacted = event.redacted === true ? 1 : 0;
    return this.insertRow(row, event.delta, payloadJson, event.schemaVersion, redacted);
  }

  /** How the log finds an event of `delta` with id `eventId`: the dedupe index's key and the id. */
  private rowKey(delta: Delta, eventId: string): LogRowKey {
    return {
      resourceId: this.idOf(delta.resource),
      recordId: delta.recordId,
      key: eventKeyOf(eventId),
      storedId: storedEventId(eventId),
    };
  }

  /** Inserts one event in the batch begun last; returns its position. */
  private insertRow(
    row: LogRowKey,
    delta: Delta,
    payloadJson: string | null,
    schemaVersion: number,
    redacted: 0 | 1,
  ): number {
    // Bound in the order of LOG_COLUMNS.
    const result = this.insert.run(
      row.key,
      row.resourceId,
      row.recordId,
      this.idOf(delta.provenance.source),
      delta.op === 'delete' ? 1 : 0,
      delta.provenance.confidence,
      delta.occurredAt,
      this.batchId,
      schemaVersion,
      row.storedId,
      payloadJson,
      redacted,
    );
    return Number(result.lastInsertRowid);
  }

  /** True when the event is logged; the 48-bit key almost always settles it in one index probe. */
  private isLogged({ resourceId, recordId, key, storedId: stored }: LogRowKey): boolean {
    const first = this.loggedIds.get(resourceId, recordId, key) as Buffer | string | undefined;
    if (first === undefined) return false;
    if (sameId(first, stored)) return true;
    // Two events of one record share a key prefix: compare every full id.
    const all = this.loggedIds.all(resourceId, recordId, key) as (Buffer | string)[];
    return all.some((id) => sameId(id, stored));
  }

  /** The number of a source or resource name, numbering it if it is new. */
  private idOf(name: string): number {
    const known = this.names.get(name) ?? this.pendingNames.get(name);
    if (known !== undefined) return known;
    const id =
      (this.nameId.get(name) as number | undefined) ??
      Number(this.addName.run(name).lastInsertRowid);
    this.pendingNames.set(name, id);
    return id;
  }
}

function sameId(a: Buffer | string, b: Buffer | string): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.equals(b);
}
