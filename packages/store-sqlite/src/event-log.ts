import type { Database, Statement } from 'better-sqlite3';
import type { Kysely } from 'kysely';
import {
  ImportRefusedError,
  legacyEventIdOf,
  type CheckedImportEvent,
  type PreparedDelta,
} from '@oxide-mirror/core';
import { prepareCompiled, slot } from './compiled-statement';
import type { MirrorDatabase } from './schema/database';

/** The small integer key of an event id: its first 48 bits, exact in a JS number. */
function eventKeyOf(eventId: string): number {
  return parseInt(eventId.slice(0, 12), 16);
}

/** The columns an append writes, in the order their values are bound. */
const EVENT_COLUMNS = [
  'event_id',
  'event_key',
  'source',
  'resource',
  'record_id',
  'op',
  'payload',
  'confidence',
  'occurred_at',
  'recorded_at',
  'schema_version',
] as const;

/** Appends to `mirror_events` and recognises deltas that are already there. */
export class EventLog {
  private readonly loggedIds: Statement;
  private readonly insert: Statement;
  private readonly insertImported: Statement;

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
        .selectFrom('mirror_events')
        .select('event_id')
        .where('resource', '=', slot<string>())
        .where('record_id', '=', slot<string>())
        .where('event_key', '=', slot<number>()),
      3,
    ).pluck();
    // Bound by position, in the order of EVENT_COLUMNS.
    this.insert = prepareCompiled(
      db,
      kysely
        .insertInto('mirror_events')
        .values(Object.fromEntries(EVENT_COLUMNS.map((column) => [column, slot()])) as never),
      EVENT_COLUMNS.length,
    );
    const importedColumns = [...EVENT_COLUMNS, 'redacted'];
    this.insertImported = prepareCompiled(
      db,
      kysely
        .insertInto('mirror_events')
        .values(Object.fromEntries(importedColumns.map((column) => [column, slot()])) as never),
      importedColumns.length,
    );
  }

  /** True when the event is logged; the 48-bit key almost always settles it in one index probe. */
  private isLogged(resource: string, recordId: string, key: number, eventId: string): boolean {
    const first = this.loggedIds.get(resource, recordId, key) as string | undefined;
    if (first === undefined || first === eventId) return first !== undefined;
    // Two events of one record share a key prefix: compare every full id.
    return (this.loggedIds.all(resource, recordId, key) as string[]).includes(eventId);
  }

  /**
   * Appends `prepared` unless the same delta is already logged; returns its position, or
   * undefined for a re-sent delta.
   */
  appendOnce(prepared: PreparedDelta, recordedAt: string): number | undefined {
    const { delta, eventId } = prepared;
    const key = eventKeyOf(eventId);
    if (this.isLogged(delta.resource, delta.recordId, key, eventId)) return undefined;
    if (this.legacyHead > 0) {
      const legacyId = legacyEventIdOf(delta, eventId);
      if (
        legacyId !== undefined &&
        this.isLogged(delta.resource, delta.recordId, eventKeyOf(legacyId), legacyId)
      ) {
        return undefined;
      }
    }
    const result = this.insert.run(
      eventId,
      key,
      delta.provenance.source,
      delta.resource,
      delta.recordId,
      delta.op,
      prepared.payloadJson,
      delta.provenance.confidence,
      delta.occurredAt,
      recordedAt,
      this.schemaVersion,
    );
    return Number(result.lastInsertRowid);
  }

  /**
   * Appends an event of another mirror with its identity, times, schema version and redaction;
   * returns its position here. Refused when the log already holds its id: an import never
   * merges two logs.
   */
  appendImported({ event, payloadJson }: CheckedImportEvent): number {
    const { delta, eventId } = event;
    const key = eventKeyOf(eventId);
    if (this.isLogged(delta.resource, delta.recordId, key, eventId)) {
      throw new ImportRefusedError(`event ${eventId} is already in the log`);
    }
    const result = this.insertImported.run(
      eventId,
      key,
      delta.provenance.source,
      delta.resource,
      delta.recordId,
      delta.op,
      payloadJson,
      delta.provenance.confidence,
      delta.occurredAt,
      event.recordedAt,
      event.schemaVersion,
      event.redacted === true ? 1 : 0,
    );
    return Number(result.lastInsertRowid);
  }
}
