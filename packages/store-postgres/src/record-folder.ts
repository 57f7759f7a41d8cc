import type pg from 'pg';
import {
  foldEvent,
  serializePayload,
  validateDelta,
  type AppliedDelta,
  type ConflictStrategy,
  type Delta,
  type DeltaLimits,
  type JsonObject,
  type MirroredRecord,
} from '@oxide-mirror/core';
import { jsonArrayOf, serializedArrays } from './array-parameters';
import { RECORD_STATE_SELECT, recordFromRow, type RecordStateRow } from './record-state';

/** A record's new state, not yet written: the record, its event and, after a merge, its JSON. */
interface PendingState {
  record: MirroredRecord;
  /** Points at the record's event: an index in a batch, or a log position in a replay. */
  pointer: number;
  ownPayloadJson: string | null;
}

/** Changed records taken out of a folder: one upsert, sent with the log offset of their events. */
export interface PendingStates {
  /** Writes the records, each pointing at the event at log position `offset + pointer`. */
  write(client: pg.PoolClient, offset: number): Promise<void>;
}

const recordKey = (resource: string, recordId: string): string => `${resource}\u0000${recordId}`;

/**
 * Folds events into `mirror_record_state`, for a live batch and for a rebuild alike: loads the
 * stored state (tombstones included) of the records a chunk touches, lets the strategy decide
 * each event in order in memory, and writes every changed record with one statement. Each
 * payload is stored once: a state row holds a payload only where the strategy made a new one
 * (a merge); otherwise it points at its event, whose payload `mirror_records` reads.
 */
export class RecordFolder {
  private states = new Map<string, PendingState | MirroredRecord>();

  constructor(private readonly limits: DeltaLimits) {}

  /** Reads the stored state of the records of `deltas` that are not already held. */
  async load(client: pg.PoolClient, deltas: readonly Delta[]): Promise<void> {
    const missing = deltas.filter(
      (delta) => !this.states.has(recordKey(delta.resource, delta.recordId)),
    );
    if (missing.length === 0) return;
    const { rows } = await client.query<RecordStateRow>({
      name: 'oxide_mirror_current_states',
      text: `${RECORD_STATE_SELECT}
        WHERE (s.resource, s.record_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      values: [missing.map((delta) => delta.resource), missing.map((delta) => delta.recordId)],
    });
    for (const row of rows)
      this.states.set(recordKey(row.resource, row.record_id), recordFromRow(row));
  }

  /** Lets `strategy` decide `delta` (its event at `pointer`) and keeps the record's new state. */
  decide(
    delta: Delta,
    pointer: number,
    strategy: ConflictStrategy,
    recordedAt: string,
  ): AppliedDelta {
    const key = recordKey(delta.resource, delta.recordId);
    const stored = this.states.get(key);
    const existing = stored === undefined || !('pointer' in stored) ? stored : stored.record;
    const { resolution, record } = foldEvent(strategy, existing, delta, recordedAt);
    if (resolution.kind === 'skip' || record === undefined) {
      return { applied: false, decision: 'skipped', position: pointer };
    }
    const ownPayloadJson =
      resolution.kind === 'merge' ? this.mergedPayloadJson(delta, resolution.payload) : null;
    this.states.set(key, { record, pointer, ownPayloadJson });
    const decision = resolution.kind === 'merge' ? 'merged' : 'applied';
    return { applied: true, decision, version: record.version, position: pointer };
  }

  /** Writes every changed record, its event at log position `offset + pointer`, and forgets all. */
  async flush(client: pg.PoolClient, offset: number): Promise<void> {
    await this.takeChanges().write(client, offset);
  }

  /**
   * Takes every changed record out of the folder as a statement built now and sent later — by a
   * batch, once it knows where its events land in the log (see `BatchWriter`).
   */
  takeChanges(): PendingStates {
    const changed = [...this.states.values()].filter(
      (state): state is PendingState => 'pointer' in state,
    );
    this.states = new Map();
    if (changed.length === 0) return { write: async () => undefined };
    const records = changed.map((state) => state.record);
    const values = [
      ...serializedArrays([
        records.map((record) => record.resource),
        records.map((record) => record.recordId),
      ]),
      jsonArrayOf(changed.map((state) => state.ownPayloadJson)),
      ...serializedArrays([
        records.map((record) => record.source),
        records.map((record) => record.confidence),
        records.map((record) => record.version),
        records.map((record) => record.occurredAt),
        records.map((record) => record.lastSyncedAt),
        records.map((record) => record.deleted),
        changed.map((state) => state.pointer),
      ]),
    ];
    return {
      write: async (client, offset) => {
        await client.query({
          name: 'oxide_mirror_upsert_states',
          text: `INSERT INTO mirror_record_state (resource, record_id, payload, source, confidence,
              version, occurred_at, last_synced_at, deleted, position)
            SELECT resource, record_id,
              CASE WHEN json_typeof(payload) = 'object' THEN payload::jsonb END, source,
              confidence, version, occurred_at, last_synced_at, deleted, $11::bigint + pointer
            FROM ROWS FROM (unnest($1::text[]), unnest($2::text[]), json_array_elements($3::json),
              unnest($4::text[]), unnest($5::float8[]), unnest($6::int[]), unnest($7::text[]),
              unnest($8::text[]), unnest($9::boolean[]), unnest($10::bigint[]))
              AS t(resource, record_id, payload, source, confidence, version, occurred_at,
                last_synced_at, deleted, pointer)
            ON CONFLICT (resource, record_id) DO UPDATE SET payload = excluded.payload,
              source = excluded.source, confidence = excluded.confidence,
              version = excluded.version, occurred_at = excluded.occurred_at,
              last_synced_at = excluded.last_synced_at, deleted = excluded.deleted,
              position = excluded.position`,
          values: [...values, offset],
        });
      },
    };
  }

  /** A strategy's merged payload is checked like a source's: it is about to be stored. */
  private mergedPayloadJson(delta: Delta, payload: JsonObject): string {
    const merged = validateDelta({ ...delta, payload }, this.limits);
    return serializePayload(merged.payload as JsonObject, this.limits);
  }
}
