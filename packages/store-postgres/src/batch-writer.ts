import type pg from 'pg';
import {
  type AppliedDelta,
  type ConflictStrategy,
  type CursorUpdate,
  type Delta,
  type DeltaLimits,
  type PreparedDelta,
  type RejectEntry,
  type StoredEvent,
} from '@oxide-mirror/core';
import { takePositions } from './log-head';
import { RecordFolder } from './record-folder';
import { addRejects, resolveRejects } from './reject-log';
import { upsertCursor } from './cursor-table';
import { jsonArrayOf, serializedArrays } from './array-parameters';

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

/** Raised when a concurrent writer appended one of the batch's events first: run it again. */
export class ConcurrentAppend extends Error {}

/**
 * Writes one batch inside the caller's transaction: the events, the record changes they cause,
 * the projection's checkpoint, rejects and the cursor. Everything is read, decided and
 * serialised first; positions are taken last (see {@link takePositions}), and only the
 * statements that need them run after.
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
    await lockRecords(
      client,
      fresh.map((item) => item.delta),
    );
    const folder = new RecordFolder(this.limits);
    await folder.load(
      client,
      fresh.map((item) => item.delta),
    );
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
        outcomes[i] = folder.decide(item.delta, events.length, strategy, recordedAt);
        events.push(this.eventOf(item, recordedAt));
      }
    }
    // Rejects and the cursor need no positions: written before the log head is taken.
    await addRejects(
      client,
      [...items.flatMap((item) => item.reject ?? []), ...extras.sourceRejects],
      recordedAt,
    );
    await resolveRejects(client, extras.resolvesRejects);
    if (extras.cursor !== undefined) await upsertCursor(client, extras.cursor, recordedAt);
    if (events.length > 0) {
      // Both big statements are built — payloads serialised — before the head is taken, so
      // the head is held only while PostgreSQL inserts and commits.
      const json = new Map(prepared.map((item) => [item.eventId, item.payloadJson]));
      await appendWithPositions(
        client,
        events,
        outcomes,
        folder,
        (event) => json.get(event.eventId) ?? null,
      );
    }
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
export async function lockRecords(client: pg.PoolClient, deltas: readonly Delta[]): Promise<void> {
  if (deltas.length === 0) return;
  await client.query({
    name: 'oxide_mirror_lock_records',
    text: `SELECT count(pg_advisory_xact_lock(k)) FROM (
      SELECT DISTINCT hashtextextended(r || '/' || id, 0) AS k
      FROM unnest($1::text[], $2::text[]) AS t(r, id) ORDER BY k) keys`,
    values: [deltas.map((delta) => delta.resource), deltas.map((delta) => delta.recordId)],
  });
}

/**
 * Appends `events` (decided by `folder`, their outcomes' positions relative to the batch) at
 * positions taken from the log head, writes the record changes, registers the resources and moves
 * the projection's checkpoint. The statements are built — payloads serialised — before the head
 * is taken, so the head is held only while PostgreSQL inserts and commits. Shared by syncs and
 * imports.
 */
export async function appendWithPositions(
  client: pg.PoolClient,
  events: StoredEvent[],
  outcomes: AppliedDelta[],
  folder: RecordFolder,
  payloadJson: (event: StoredEvent) => string | null,
): Promise<void> {
  const eventRows = eventParameters(events, payloadJson);
  const states = folder.takeChanges();
  const resources = [...new Set(events.map((event) => event.delta.resource))];
  const first = await takePositions(client, events.length);
  events.forEach((event, index) => (event.position = first + index));
  for (const outcome of outcomes) {
    if (outcome.position !== undefined) outcome.position += first;
  }
  await insertEvents(client, first, eventRows, events.length);
  await states.write(client, first);
  await client.query({
    name: 'oxide_mirror_resources_and_checkpoint',
    text: `WITH resources AS (
        INSERT INTO mirror_resources (name) SELECT DISTINCT unnest($1::text[])
        ON CONFLICT (name) DO NOTHING)
      INSERT INTO mirror_projections (name, position) VALUES ('mirror_records', $2)
      ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
    values: [resources, first + events.length - 1],
  });
}

/**
 * The batch's events as the insert's parameters, serialised before the log head is taken; an
 * event's position is the batch's first position plus its place in the batch, added by the
 * insert itself.
 */
function eventParameters(
  events: readonly StoredEvent[],
  payloadJson: (event: StoredEvent) => string | null,
): (string | null)[] {
  return [
    ...serializedArrays([
      events.map((event) => event.eventId),
      events.map((event) => event.delta.provenance.source),
      events.map((event) => event.delta.resource),
      events.map((event) => event.delta.recordId),
      events.map((event) => event.delta.op),
    ]),
    jsonArrayOf(events.map(payloadJson)),
    ...serializedArrays([
      events.map((event) => event.delta.provenance.confidence),
      events.map((event) => event.delta.occurredAt),
      events.map((event) => event.recordedAt),
      events.map((event) => event.schemaVersion),
      events.map((event) => event.redacted === true),
    ]),
  ];
}

/** Appends the batch's events from `first` on; fails with {@link ConcurrentAppend} if another writer was first. */
async function insertEvents(
  client: pg.PoolClient,
  first: number,
  eventRows: readonly (string | null)[],
  count: number,
): Promise<void> {
  const { rowCount } = await client.query({
    name: 'oxide_mirror_insert_events',
    text: `INSERT INTO mirror_events (position, event_id, source, resource, record_id, op, payload,
        confidence, occurred_at, recorded_at, schema_version, redacted)
      SELECT $12::bigint + ordinality - 1, event_id, source, resource, record_id, op,
        CASE WHEN json_typeof(payload) = 'object' THEN payload::jsonb END,
        confidence, occurred_at, recorded_at, schema_version, redacted
      FROM ROWS FROM (unnest($1::text[]), unnest($2::text[]), unnest($3::text[]),
        unnest($4::text[]), unnest($5::text[]), json_array_elements($6::json),
        unnest($7::float8[]), unnest($8::text[]), unnest($9::text[]), unnest($10::int[]),
        unnest($11::boolean[])) WITH ORDINALITY
        AS t(event_id, source, resource, record_id, op, payload, confidence, occurred_at,
          recorded_at, schema_version, redacted, ordinality)
      ON CONFLICT (event_id) DO NOTHING`,
    values: [...eventRows, first],
  });
  if (rowCount !== count) throw new ConcurrentAppend('another writer appended first');
}
