import type pg from 'pg';
import {
  foldEvent,
  serializePayload,
  validateDelta,
  type AppliedDelta,
  type ConflictStrategy,
  type CursorUpdate,
  type DeltaLimits,
  type JsonObject,
  type MirroredRecord,
  type PreparedDelta,
  type RejectEntry,
  type StoredEvent,
} from '@oxide-mirror/core';
import { takePositions } from './log-head';
import { RECORD_STATE_SELECT, recordFromRow, type RecordStateRow } from './record-state';
import { addRejects, resolveRejects } from './reject-log';
import { upsertCursor } from './cursor-table';

/** One delta of a batch: ready to append, or refused and about to be set aside. */
export type BatchItem =
  { prepared: PreparedDelta; reject?: undefined } | { prepared?: undefined; reject: RejectEntry };

/** Everything one batch writes besides its deltas. */
export interface BatchExtras {
  cursor: CursorUpdate | undefined;
  sourceRejects: readonly RejectEntry[];
  resolvesRejects: readonly number[];
}

/** What a committed batch did: an outcome per delta, and the events it appended, in order. */
export interface BatchResult {
  outcomes: AppliedDelta[];
  events: StoredEvent[];
}

/** A record's state while a batch is decided: the record and, when a merge made it, its JSON. */
interface PendingState {
  record: MirroredRecord;
  /** Index in the batch's new events of the event the state points at. */
  eventIndex: number;
  ownPayloadJson: string | null;
}

/** Raised when a concurrent writer appended one of the batch's events first: run it again. */
export class ConcurrentAppend extends Error {}

const recordKey = (resource: string, recordId: string): string => `${resource}\u0000${recordId}`;

/**
 * Writes one batch inside the caller's transaction: the events, the record changes they cause,
 * the projection's checkpoint, rejects and the cursor. Everything is read and decided first;
 * positions are taken last (see {@link takePositions}) and written with one statement per table.
 */
export class BatchWriter {
  constructor(
    private readonly limits: DeltaLimits,
    private readonly schemaVersion: number,
  ) {}

  async write(
    client: pg.PoolClient,
    items: readonly BatchItem[],
    strategy: ConflictStrategy,
    recordedAt: string,
    extras: BatchExtras,
  ): Promise<BatchResult> {
    const prepared = items.flatMap((item) => (item.prepared === undefined ? [] : [item.prepared]));
    const logged = await this.loggedIds(client, prepared);
    const fresh = prepared.filter((item) => !logged.has(item.eventId));
    await lockRecords(client, fresh);
    const states = await this.currentStates(client, fresh);
    const outcomes: AppliedDelta[] = new Array(items.length);
    const events: StoredEvent[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < items.length; i++) {
      const { prepared: item, reject } = items[i] as BatchItem;
      if (reject !== undefined) {
        outcomes[i] = { applied: false, decision: 'rejected', reason: reject.reason };
      } else if (logged.has(item.eventId) || seen.has(item.eventId)) {
        outcomes[i] = { applied: false, decision: 'duplicate' };
      } else {
        seen.add(item.eventId);
        outcomes[i] = this.decide(item, events.length, states, strategy, recordedAt);
        events.push(this.eventOf(item, recordedAt));
      }
    }
    if (events.length > 0) {
      const first = await takePositions(client, events.length);
      events.forEach((event, index) => (event.position = first + index));
      for (const outcome of outcomes) {
        if (outcome.position !== undefined) outcome.position += first;
      }
      await insertEvents(client, events, prepared);
      await upsertStates(client, [...states.values()], first);
      await client.query({
        name: 'oxide_mirror_add_resources',
        text: `INSERT INTO mirror_resources (name) SELECT DISTINCT unnest($1::text[])
          ON CONFLICT (name) DO NOTHING`,
        values: [events.map((event) => event.delta.resource)],
      });
      await client.query({
        name: 'oxide_mirror_checkpoint',
        text: `INSERT INTO mirror_projections (name, position) VALUES ('mirror_records', $1)
          ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
        values: [first + events.length - 1],
      });
    }
    await addRejects(
      client,
      [...items.flatMap((item) => item.reject ?? []), ...extras.sourceRejects],
      recordedAt,
    );
    await resolveRejects(client, extras.resolvesRejects);
    if (extras.cursor !== undefined) await upsertCursor(client, extras.cursor, recordedAt);
    return { outcomes, events };
  }

  /** The ids among `items` that the log already holds. */
  private async loggedIds(
    client: pg.PoolClient,
    items: readonly PreparedDelta[],
  ): Promise<Set<string>> {
    if (items.length === 0) return new Set();
    const { rows } = await client.query<{ event_id: string }>({
      name: 'oxide_mirror_logged_ids',
      text: 'SELECT event_id FROM mirror_events WHERE event_id = ANY($1::text[])',
      values: [items.map((item) => item.eventId)],
    });
    return new Set(rows.map((row) => row.event_id));
  }

  /** The stored state (tombstones included) of every record the batch touches. */
  private async currentStates(
    client: pg.PoolClient,
    items: readonly PreparedDelta[],
  ): Promise<Map<string, PendingState | MirroredRecord>> {
    const states = new Map<string, PendingState | MirroredRecord>();
    if (items.length === 0) return states;
    const { rows } = await client.query<RecordStateRow>({
      name: 'oxide_mirror_current_states',
      text: `${RECORD_STATE_SELECT}
        WHERE (s.resource, s.record_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      values: [items.map((item) => item.delta.resource), items.map((item) => item.delta.recordId)],
    });
    for (const row of rows) states.set(recordKey(row.resource, row.record_id), recordFromRow(row));
    return states;
  }

  /** Lets the strategy decide `item` and keeps the record's new state in `states`. */
  private decide(
    item: PreparedDelta,
    eventIndex: number,
    states: Map<string, PendingState | MirroredRecord>,
    strategy: ConflictStrategy,
    recordedAt: string,
  ): AppliedDelta {
    const { delta } = item;
    const key = recordKey(delta.resource, delta.recordId);
    const stored = states.get(key);
    const existing = stored === undefined || !('eventIndex' in stored) ? stored : stored.record;
    const { resolution, record } = foldEvent(strategy, existing, delta, recordedAt);
    if (resolution.kind === 'skip' || record === undefined) {
      return { applied: false, decision: 'skipped', position: eventIndex };
    }
    const ownPayloadJson =
      resolution.kind === 'merge' ? this.mergedPayloadJson(item, resolution.payload) : null;
    states.set(key, { record, eventIndex, ownPayloadJson });
    const decision = resolution.kind === 'merge' ? 'merged' : 'applied';
    return { applied: true, decision, version: record.version, position: eventIndex };
  }

  /** A strategy's merged payload is checked like a source's: it is about to be stored. */
  private mergedPayloadJson(item: PreparedDelta, payload: JsonObject): string {
    const merged = validateDelta({ ...item.delta, payload }, this.limits);
    return serializePayload(merged.payload as JsonObject, this.limits);
  }

  private eventOf(item: PreparedDelta, recordedAt: string): StoredEvent {
    return {
      position: 0,
      eventId: item.eventId,
      delta: item.delta,
      recordedAt,
      schemaVersion: this.schemaVersion,
    };
  }
}

/**
 * Locks every record the batch may change until the transaction ends, so two writers of one
 * record (two sources of one resource) decide one after the other. Keys are taken in sorted
 * order, so two batches cannot wait for each other; a hash collision only serializes.
 */
async function lockRecords(client: pg.PoolClient, items: readonly PreparedDelta[]): Promise<void> {
  if (items.length === 0) return;
  await client.query({
    name: 'oxide_mirror_lock_records',
    text: `SELECT count(pg_advisory_xact_lock(k)) FROM (
      SELECT DISTINCT hashtextextended(r || '/' || id, 0) AS k
      FROM unnest($1::text[], $2::text[]) AS t(r, id) ORDER BY k) keys`,
    values: [items.map((item) => item.delta.resource), items.map((item) => item.delta.recordId)],
  });
}

/** Appends the batch's events; fails with {@link ConcurrentAppend} if another writer was first. */
async function insertEvents(
  client: pg.PoolClient,
  events: readonly StoredEvent[],
  prepared: readonly PreparedDelta[],
): Promise<void> {
  const json = new Map(prepared.map((item) => [item.eventId, item.payloadJson]));
  const { rowCount } = await client.query({
    name: 'oxide_mirror_insert_events',
    text: `INSERT INTO mirror_events (position, event_id, source, resource, record_id, op, payload,
        confidence, occurred_at, recorded_at, schema_version)
      SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
        $7::jsonb[], $8::float8[], $9::text[], $10::text[], $11::int[])
      ON CONFLICT (event_id) DO NOTHING`,
    values: [
      events.map((event) => event.position),
      events.map((event) => event.eventId),
      events.map((event) => event.delta.provenance.source),
      events.map((event) => event.delta.resource),
      events.map((event) => event.delta.recordId),
      events.map((event) => event.delta.op),
      events.map((event) => json.get(event.eventId) ?? null),
      events.map((event) => event.delta.provenance.confidence),
      events.map((event) => event.delta.occurredAt),
      events.map((event) => event.recordedAt),
      events.map((event) => event.schemaVersion),
    ],
  });
  if (rowCount !== events.length) throw new ConcurrentAppend('another writer appended first');
}

/** Writes the new state of every record the batch changed, pointing at its event. */
async function upsertStates(
  client: pg.PoolClient,
  states: readonly (PendingState | MirroredRecord)[],
  firstPosition: number,
): Promise<void> {
  const changed = states.filter((state): state is PendingState => 'eventIndex' in state);
  if (changed.length === 0) return;
  const records = changed.map((state) => state.record);
  await client.query({
    name: 'oxide_mirror_upsert_states',
    text: `INSERT INTO mirror_record_state (resource, record_id, payload, source, confidence,
        version, occurred_at, last_synced_at, deleted, position)
      SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[], $5::float8[],
        $6::int[], $7::text[], $8::text[], $9::boolean[], $10::bigint[])
      ON CONFLICT (resource, record_id) DO UPDATE SET payload = excluded.payload,
        source = excluded.source, confidence = excluded.confidence, version = excluded.version,
        occurred_at = excluded.occurred_at, last_synced_at = excluded.last_synced_at,
        deleted = excluded.deleted, position = excluded.position`,
    values: [
      records.map((record) => record.resource),
      records.map((record) => record.recordId),
      changed.map((state) => state.ownPayloadJson),
      records.map((record) => record.source),
      records.map((record) => record.confidence),
      records.map((record) => record.version),
      records.map((record) => record.occurredAt),
      records.map((record) => record.lastSyncedAt),
      records.map((record) => record.deleted),
      changed.map((state) => firstPosition + state.eventIndex),
    ],
  });
}
