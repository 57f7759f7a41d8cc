import type { Database, Statement } from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import {
  serializePayload,
  validateDelta,
  type AppliedDelta,
  type ConflictStrategy,
  type DeltaLimits,
  type JsonObject,
  type MirroredRecord,
  type PreparedDelta,
} from '@oxide-mirror/core';
import { param, prepareCompiled } from './compiled-statement';
import { lazyRecordFromRow, type RecordStateRow } from './record-row';
import { resolveWith } from './resolve-with';
import type { MirrorDatabase } from './schema/database';

/** The name under which the record projection keeps its checkpoint. */
export const RECORD_PROJECTION = 'mirror_records';

/**
 * Projects events into `mirror_record_state` (and so into the `mirror_records` view): reads the
 * record, lets the strategy decide, writes the new state. Deletes leave tombstones, so strategies
 * can refuse a late, older upsert of a deleted record.
 */
export class RecordProjection {
  private readonly select: Statement;
  private readonly upsert: Statement;

  constructor(
    db: Database,
    kysely: Kysely<MirrorDatabase>,
    private readonly limits: DeltaLimits,
  ) {
    this.select = prepareCompiled(
      db,
      kysely
        .selectFrom('mirror_record_state')
        .selectAll()
        .where('resource', '=', param<string>('resource'))
        .where('record_id', '=', param<string>('record_id')),
    );
    const columns = [
      'payload',
      'source',
      'confidence',
      'version',
      'occurred_at',
      'last_synced_at',
      'deleted',
      'position',
    ] as const;
    this.upsert = prepareCompiled(
      db,
      kysely
        .insertInto('mirror_record_state')
        .values({
          resource: param('resource'),
          record_id: param('record_id'),
          ...Object.fromEntries(columns.map((column) => [column, param(column)])),
        } as never)
        .onConflict((conflict) =>
          conflict
            .columns(['resource', 'record_id'])
            .doUpdateSet(
              Object.fromEntries(columns.map((column) => [column, sql.ref(`excluded.${column}`)])),
            ),
        ),
    );
  }

  /** The stored state (tombstones included) of one record. */
  current(resource: string, recordId: string): MirroredRecord | undefined {
    const row = this.select.get({ resource, record_id: recordId }) as RecordStateRow | undefined;
    return row === undefined ? undefined : lazyRecordFromRow(row);
  }

  /** Resolves the event at `position` with `strategy` and writes the record's new state. */
  apply(
    prepared: PreparedDelta,
    position: number,
    recordedAt: string,
    strategy: ConflictStrategy,
  ): AppliedDelta {
    const { delta } = prepared;
    const existing = this.current(delta.resource, delta.recordId);
    const resolution = resolveWith(strategy, existing, delta);
    if (resolution.kind === 'skip') return { applied: false, decision: 'skipped', position };
    const payload =
      resolution.kind === 'merge'
        ? this.mergedPayloadJson(prepared, resolution.payload)
        : prepared.payloadJson;
    const version = (existing?.version ?? 0) + 1;
    this.upsert.run({
      resource: delta.resource,
      record_id: delta.recordId,
      payload,
      source: delta.provenance.source,
      confidence: delta.provenance.confidence,
      version,
      occurred_at: delta.occurredAt,
      last_synced_at: recordedAt,
      deleted: delta.op === 'delete' ? 1 : 0,
      position,
    });
    const decision = resolution.kind === 'merge' ? 'merged' : 'applied';
    return { applied: true, decision, version, position };
  }

  /** A strategy's merged payload is checked like a source's: it is about to be stored. */
  private mergedPayloadJson(prepared: PreparedDelta, payload: JsonObject): string {
    const merged = validateDelta({ ...prepared.delta, payload }, this.limits);
    return serializePayload(merged.payload as JsonObject, this.limits);
  }
}
