import type { Database, Statement } from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { PreparedDelta } from '@oxide-mirror/core';
import { param, prepareCompiled } from './compiled-statement';
import type { MirrorDatabase } from './schema/database';

/** The small integer key of an event id: its first 48 bits, exact in a JS number. */
function eventKeyOf(eventId: string): number {
  return parseInt(eventId.slice(0, 12), 16);
}

/** Appends to `mirror_events` and recognises deltas that are already there. */
export class EventLog {
  private readonly loggedIds: Statement;
  private readonly insert: Statement;

  constructor(
    db: Database,
    kysely: Kysely<MirrorDatabase>,
    private readonly schemaVersion: number,
  ) {
    this.loggedIds = prepareCompiled(
      db,
      kysely
        .selectFrom('mirror_events')
        .select('event_id')
        .where('resource', '=', param<string>('resource'))
        .where('record_id', '=', param<string>('record_id'))
        .where('event_key', '=', param<number>('event_key')),
    ).pluck();
    this.insert = prepareCompiled(
      db,
      kysely.insertInto('mirror_events').values({
        event_id: param('event_id'),
        event_key: param('event_key'),
        source: param('source'),
        resource: param('resource'),
        record_id: param('record_id'),
        op: param('op'),
        payload: param('payload'),
        confidence: param('confidence'),
        occurred_at: param('occurred_at'),
        recorded_at: param('recorded_at'),
        schema_version: param('schema_version'),
      }),
    );
  }

  /** True when the event is logged; the 48-bit key almost always settles it in one index probe. */
  private isLogged(resource: string, recordId: string, key: number, eventId: string): boolean {
    const probe = { resource, record_id: recordId, event_key: key };
    const first = this.loggedIds.get(probe) as string | undefined;
    if (first === undefined || first === eventId) return first !== undefined;
    // Two events of one record share a key prefix: compare every full id.
    return (this.loggedIds.all(probe) as string[]).includes(eventId);
  }

  /**
   * Appends `prepared` unless the same delta is already logged; returns its position, or
   * undefined for a re-sent delta.
   */
  appendOnce(prepared: PreparedDelta, recordedAt: string): number | undefined {
    const { delta, eventId } = prepared;
    const key = eventKeyOf(eventId);
    if (this.isLogged(delta.resource, delta.recordId, key, eventId)) return undefined;
    const result = this.insert.run({
      event_id: eventId,
      event_key: key,
      source: delta.provenance.source,
      resource: delta.resource,
      record_id: delta.recordId,
      op: delta.op,
      payload: prepared.payloadJson,
      confidence: delta.provenance.confidence,
      occurred_at: delta.occurredAt,
      recorded_at: recordedAt,
      schema_version: this.schemaVersion,
    });
    return Number(result.lastInsertRowid);
  }
}
