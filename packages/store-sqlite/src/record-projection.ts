import type { Database, Statement } from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import {
  resolveConflict,
  serializePayload,
  validateDelta,
  type AppliedDelta,
  type ConflictStrategy,
  type Delta,
  type DeltaLimits,
  type JsonObject,
  type MirroredRecord,
} from '@oxide-mirror/core';
import { prepareCompiled, slot } from './compiled-statement';
import { lazyRecordFromRow, type RecordStateRow } from './record-row';
import type { MirrorDatabase } from './schema/database';

/** The name under which the record projection keeps its checkpoint. */
export const RECORD_PROJECTION = 'mirror_records';

/** The table the record projection writes; `mirror_records` is its live view. */
export const RECORD_STATE_TABLE = 'mirror_record_state';

/**
 * An event as the record projection needs it: the delta and log metadata. Its payload stays in
 * the log; the record state points at the event by position.
 */
export interface ProjectableEvent {
  delta: Delta;
  /** Set when an upcaster changed the payload: the state stores it, the log's is the old one. */
  upcastPayloadJson?: string;
  position: number;
  recordedAt: string;
}

const STATE_COLUMNS = [
  'payload',
  'source',
  'confidence',
  'version',
  'occurred_at',
  'last_synced_at',
  'deleted',
  'position',
] as const;

/**
 * Projects events into a record-state table (`mirror_record_state`, or a rebuild's side table):
 * reads the record, lets the strategy decide, writes the new state. Deletes leave tombstones, so
 * strategies can refuse a late, older upsert of a deleted record.
 *
 * Each payload is stored once: the state row holds a payload only when the strategy made a new
 * one (a merge); otherwise it is NULL and the payload is the one of the event at `position`
 * (`mirror_records` reads it through a join on the log's primary key).
 */
export class RecordProjection {
  private readonly select: Statement;
  private readonly upsert: Statement;
  private readonly eventPayload: Statement;

  constructor(
    db: Database,
    kysely: Kysely<MirrorDatabase>,
    private readonly limits: DeltaLimits,
    table: string = RECORD_STATE_TABLE,
  ) {
    const state = table as typeof RECORD_STATE_TABLE;
    this.select = prepareCompiled(
      db,
      kysely
        .selectFrom(state)
        .selectAll()
        .where('resource', '=', slot<string>())
        .where('record_id', '=', slot<string>()),
      2,
    );
    // Bound by position, in this order: resource, record_id, then STATE_COLUMNS.
    const values = Object.fromEntries(STATE_COLUMNS.map((column) => [column, slot()]));
    const fromIncoming = Object.fromEntries(
      STATE_COLUMNS.map((column) => [column, sql.ref(`excluded.${column}`)]),
    );
    this.upsert = prepareCompiled(
      db,
      kysely
        .insertInto(state)
        .values({ resource: slot(), record_id: slot(), ...values } as never)
        .onConflict((conflict) =>
          conflict.columns(['resource', 'record_id']).doUpdateSet(fromIncoming),
        ),
      2 + STATE_COLUMNS.length,
    );
    this.eventPayload = prepareCompiled(
      db,
      kysely.selectFrom('mirror_events').select('payload').where('position', '=', slot<number>()),
      1,
    ).pluck();
  }

  /** The stored state (tombstones included) of one record. */
  current(resource: string, recordId: string): MirroredRecord | undefined {
    const row = this.select.get(resource, recordId) as RecordStateRow | undefined;
    if (row === undefined) return undefined;
    return lazyRecordFromRow(row, () => this.eventPayload.get(row.position) as string | null);
  }

  /** Resolves `event` with `strategy` and writes the record's new state. */
  apply(event: ProjectableEvent, strategy: ConflictStrategy): AppliedDelta {
    const { delta, position } = event;
    const existing = this.current(delta.resource, delta.recordId);
    const resolution = resolveConflict(strategy, existing, delta);
    if (resolution.kind === 'skip') return { applied: false, decision: 'skipped', position };
    const payload =
      resolution.kind === 'merge'
        ? this.mergedPayloadJson(delta, resolution.payload)
        : (event.upcastPayloadJson ?? null);
    const version = (existing?.version ?? 0) + 1;
    this.upsert.run(
      delta.resource,
      delta.recordId,
      payload,
      delta.provenance.source,
      delta.provenance.confidence,
      version,
      delta.occurredAt,
      event.recordedAt,
      delta.op === 'delete' ? 1 : 0,
      position,
    );
    const decision = resolution.kind === 'merge' ? 'merged' : 'applied';
    return { applied: true, decision, version, position };
  }

  /** A strategy's merged payload is checked like a source's: it is about to be stored. */
  private mergedPayloadJson(delta: Delta, payload: JsonObject): string {
    const merged = validateDelta({ ...delta, payload }, this.limits);
    return serializePayload(merged.payload as JsonObject, this.limits);
  }
}
