import type { Generated } from 'kysely';
import type { SyncRunRow } from '@oxide-mirror/core';

/**
 * The append-only event log as it is stored (`mirror_events` is its readable view). UPDATE and
 * DELETE are refused by triggers, but for the audited erasure of a record's payloads.
 */
export interface MirrorLogTable {
  position: Generated<number>;
  /** First 48 bits of the event id: a small integer key for recognising re-sent deltas. */
  event_key: number;
  /** `mirror_names.id` of the resource. */
  resource_id: number;
  record_id: string;
  /** `mirror_names.id` of the source. */
  source_id: number;
  /** 0 for an upsert, 1 for a delete. */
  op: 0 | 1;
  confidence: number;
  occurred_at: string;
  /** `mirror_batches.id` of the transaction that appended the event. */
  batch: number;
  schema_version: number;
  /** 1 once the payload was erased by the maintenance command. */
  redacted: Generated<number>;
  /** A SHA-1 id as its 20 bytes; any other id as its text. */
  event_id: Uint8Array | string;
  payload: string | null;
}

/** The source and resource names the log refers to by number. Append-only. */
export interface MirrorNamesTable {
  id: Generated<number>;
  name: string;
}

/** One row per committed batch of events: when the store recorded it. Append-only. */
export interface MirrorBatchesTable {
  id: Generated<number>;
  recorded_at: string;
}

/** The event log as readers see it: a view over `mirror_log` with every name spelled out. */
export interface MirrorEventsView {
  position: number;
  event_id: string;
  event_key: number;
  source: string;
  resource: string;
  record_id: string;
  op: 'upsert' | 'delete';
  payload: string | null;
  confidence: number;
  occurred_at: string;
  recorded_at: string;
  schema_version: number;
  redacted: number;
}

/**
 * The record projection, tombstones included; `mirror_records` is its live view. The payload,
 * source, confidence and times are NULL where they are the event's at `position` (nearly always):
 * a state holds its own only when a strategy merged a payload or an upcaster changed the event.
 */
export interface MirrorRecordStateTable {
  resource: string;
  record_id: string;
  version: number;
  deleted: number;
  /** Log position of the event that produced this state. */
  position: number;
  payload: string | null;
  source: string | null;
  confidence: number | null;
  occurred_at: string | null;
  last_synced_at: string | null;
}

/** The live records agents query. */
export interface MirrorRecordsView {
  resource: string;
  record_id: string;
  payload: string;
  source: string;
  confidence: number;
  version: number;
  occurred_at: string;
  last_synced_at: string;
}

/** Source cursors, one per source and resource (`*` for source-wide). */
export interface MirrorCursorsTable {
  source: string;
  resource: string;
  cursor: string;
  updated_at: string;
}

/** Resources declared or seen. */
export interface MirrorResourcesTable {
  name: string;
}

/** How far each projection has read the log. */
export interface MirrorProjectionsTable {
  name: string;
  position: number;
}

/** Which process is syncing a source; a row of a dead process is taken over. */
export interface MirrorSourceLocksTable {
  source: string;
  owner: string;
  pid: number;
  host: string;
  acquired_at: string;
}

/** Maintenance commands run on the log, append-only. */
export interface MirrorAuditTable {
  id: Generated<number>;
  action: string;
  resource: string;
  record_id: string;
  reason: string;
  requested_at: string;
  completed_at: string | null;
  events_affected: number | null;
}

/** Settings of this database (see `meta-keys.ts` for the keys). */
export interface MirrorMetaTable {
  key: string;
  value: string;
}

/** Records the mirror could not take, with their raw JSON and the reason. */
export interface MirrorRejectsTable {
  id: Generated<number>;
  source: string;
  resource: string | null;
  record_id: string | null;
  kind: 'delta' | 'record';
  raw: string;
  /** SHA-1 of `raw` with sorted keys: one row per source and raw record, however re-sent. */
  raw_hash: string;
  reason: string;
  rejected_at: string;
}

/** The top-level fields seen per resource, in the order they first appeared. */
export interface MirrorResourceFieldsTable {
  resource: string;
  field: string;
  ordinal: number;
}

/** The SQL view that shows each resource. */
export interface MirrorResourceViewsTable {
  resource: string;
  view_name: string;
}

/** One sync of one source; see `SyncRunLog` in core (the row shape every store keeps). */
export type SyncRunsTable = Omit<SyncRunRow, 'id'> & { id: Generated<number> };

/** The store's schema, as Kysely sees it. */
export interface MirrorDatabase {
  mirror_log: MirrorLogTable;
  mirror_names: MirrorNamesTable;
  mirror_batches: MirrorBatchesTable;
  mirror_events: MirrorEventsView;
  mirror_record_state: MirrorRecordStateTable;
  mirror_records: MirrorRecordsView;
  mirror_cursors: MirrorCursorsTable;
  mirror_resources: MirrorResourcesTable;
  mirror_projections: MirrorProjectionsTable;
  mirror_source_locks: MirrorSourceLocksTable;
  mirror_audit: MirrorAuditTable;
  mirror_meta: MirrorMetaTable;
  mirror_rejects: MirrorRejectsTable;
  mirror_resource_fields: MirrorResourceFieldsTable;
  mirror_resource_views: MirrorResourceViewsTable;
  sync_runs: SyncRunsTable;
}
