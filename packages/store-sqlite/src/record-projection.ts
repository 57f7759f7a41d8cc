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
import { lazyRecordFromRow, resolvedStatesSql, type RecordStateRow } from './record-row';
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
  /**
   * Set for an upcast event: the source, confidence and time as the log holds them. Where the
   * upcast delta differs, the state stores its own value.
   */
  upcast?: { source: string; confidence: number; occurredAt: string };
  position: number;
}

/** The columns a state write sets beside its key, in the order their values are bound. */
const STATE_COLUMNS = [
  'version',
  'deleted',
  'position',
  'payload',
  'source',
  'confidence',
  'occurred_at',
  'last_synced_at',
] as const;

/**
 * Projects events into a record-state table (`mirror_record_state`, or a rebuild's side table):
 * reads the record, lets the strategy decide, writes the new state. Deletes leave tombstones, so
 * strategies can refuse a late, older upsert of a deleted record.
 *
 * Each value is stored once: the state row holds a payload only when the strategy made a new one
 * (a merge) or an upcaster changed it, and the event's source, confidence and times never — they
 * are read from the event at `position` (`mirror_records` joins the log by its primary key). Only
 * an event an upcaster changed gives a state its own source, confidence or time.
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
    this.select = db.prepare(
      `${resolvedStatesSql(table, false)} WHERE s.resource = ? AND s.record_id = ?`,
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
      kysely.selectFrom('mirror_log').select('payload').where('position', '=', slot<number>()),
      1,
    ).pluck();
  }

  /** The stored state (tombstones included) of one record. */
  current(resource: string, recordId: string): MirroredRecord | undefined {
    const row = this.select.get(resource, recordId) as RecordStateRow | undefined;
    if (row === undefined) return undefined;
    return lazyRecordFromRow(row, () => this.eventPayload.get(row.position) as string | null);
  }

  /**
   * Resolves `event` with `strategy` and writes the record's new state. `firstOfRecord`: the
   * event is the first its record has in the log, so there is no state to read.
   */
  apply(event: ProjectableEvent, strategy: ConflictStrategy, firstOfRecord = false): AppliedDelta {
    const { delta, position } = event;
    const existing = firstOfRecord ? undefined : this.current(delta.resource, delta.recordId);
    const resolution = resolveConflict(strategy, existing, delta);
    if (resolution.kind === 'skip') return { applied: false, decision: 'skipped', position };
    const payload =
      resolution.kind === 'merge'
        ? this.mergedPayloadJson(delta, resolution.payload)
        : (event.upcastPayloadJson ?? null);
    const version = (existing?.version ?? 0) + 1;
    const own = event.upcast;
    this.upsert.run(
      delta.resource,
      delta.recordId,
      version,
      delta.op === 'delete' ? 1 : 0,
      position,
      payload,
      own === undefined || own.source === delta.provenance.source ? null : delta.provenance.source,
      own === undefined || own.confidence === delta.provenance.confidence
        ? null
        : delta.provenance.confidence,
      own === undefined || own.occurredAt === delta.occurredAt ? null : delta.occurredAt,
      null,
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
