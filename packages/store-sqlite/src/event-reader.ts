import type { Database, Statement } from 'better-sqlite3';
import type { Kysely } from 'kysely';
import {
  canonicalJson,
  instantSortKey,
  parseJson,
  upcastEvent,
  validateDelta,
  type Delta,
  type EventFilter,
  type EventUpcaster,
  type JsonObject,
  type StoredEvent,
} from '@oxide-mirror/core';
import { param, prepareCompiled } from './compiled-statement';
import { instantSortKeySql } from './instant-sql';
import { lazyDelta } from './lazy-delta';
import type { ProjectableEvent } from './record-projection';
import type { MirrorDatabase, MirrorEventsView } from './schema/database';

/** A row of `mirror_events` as better-sqlite3 returns it. */
type EventRow = MirrorEventsView;

/** The columns a projection replays: all but the event's identity, which it never reads. */
const PROJECTABLE_COLUMNS = [
  'position',
  'source',
  'resource',
  'record_id',
  'op',
  'payload',
  'confidence',
  'occurred_at',
  'schema_version',
  'redacted',
] as const;

/** A row read for a projection: {@link PROJECTABLE_COLUMNS}. */
type ProjectableRow = Omit<EventRow, 'event_id' | 'event_key' | 'recorded_at'>;

/** How stored events are read: the schema version this release writes and the upcasters. */
export interface EventSchema {
  version: number;
  upcasters: ReadonlyMap<number, EventUpcaster>;
}

/**
 * Reads the event log in chunks (keyset pagination on the position), so any length of log is
 * read in bounded memory, and upcasts old events to the current schema on the way.
 */
export class EventReader {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly kysely: Kysely<MirrorDatabase>,
    private readonly schema: EventSchema,
  ) {}

  /** The position of the last event; 0 for an empty log. */
  head(): number {
    return (
      (this.db
        .prepare('SELECT coalesce(max(position), 0) FROM mirror_log')
        .pluck()
        .get() as number) ?? 0
    );
  }

  /** Up to `size` events matching `filter`, after `filter.afterPosition`. */
  chunk(filter: EventFilter, size: number): StoredEvent[] {
    return this.rows(filter, size).map((row) => this.toStoredEvent(row));
  }

  /**
   * Up to `size` events in the shape the record projection replays. The payload is parsed only if
   * the strategy reads it: replays of time- or confidence-based strategies then skip parsing.
   */
  projectableChunk(filter: EventFilter, size: number): ProjectableEvent[] {
    return this.rows(filter, size, 'projectable').map((row) => {
      if (row.schema_version !== this.schema.version || row.redacted === 1) {
        // Rare: upcasters see whole stored events, so read this one whole.
        const event = this.toStoredEvent(this.rowAt(row.position));
        const payload = event.delta.payload;
        return {
          delta: event.delta,
          // The upcast payload is not the one in the log, so the record state must hold it.
          ...(payload === null ? {} : { upcastPayloadJson: canonicalJson(payload) }),
          upcast: { source: row.source, confidence: row.confidence, occurredAt: row.occurred_at },
          position: row.position,
        };
      }
      return { delta: deltaOfRow(row), position: row.position };
    });
  }

  /**
   * The events matching `filter` as consecutive chunks of up to `size`, each read only when the
   * previous one has been consumed — so a caller may commit or yield between chunks, and memory
   * stays at one chunk however long the log is.
   */
  chunks(filter: EventFilter, size: number): Generator<StoredEvent[]> {
    return keysetChunks(filter, size, (next, limit) => this.chunk(next, limit));
  }

  /** {@link chunks}, in the shape the record projection replays (see {@link projectableChunk}). */
  projectableChunks(filter: EventFilter, size: number): Generator<ProjectableEvent[]> {
    return keysetChunks(filter, size, (next, limit) => this.projectableChunk(next, limit));
  }

  /** Every event matching `filter`, chunk by chunk, yielding to the event loop between chunks. */
  async *events(filter: EventFilter = {}, chunkSize = 1000): AsyncGenerator<StoredEvent> {
    let first = true;
    for (const events of this.chunks(filter, chunkSize)) {
      if (!first) await new Promise((resolve) => setImmediate(resolve));
      first = false;
      yield* events;
    }
  }

  private rows(filter: EventFilter, size: number): EventRow[];
  private rows(filter: EventFilter, size: number, columns: 'projectable'): ProjectableRow[];
  private rows(filter: EventFilter, size: number, columns?: 'projectable'): ProjectableRow[] {
    return this.statementFor(filter, columns === 'projectable').all({
      after: filter.afterPosition ?? 0,
      size,
      source: filter.source,
      resource: filter.resource,
      record_id: filter.recordId,
      occurred:
        filter.occurredAtOrBefore === undefined
          ? undefined
          : instantSortKey(filter.occurredAtOrBefore),
    }) as ProjectableRow[];
  }

  private rowAt(position: number): EventRow {
    return this.rows({ afterPosition: position - 1 }, 1)[0] as EventRow;
  }

  private toStoredEvent(row: EventRow): StoredEvent {
    const redacted = row.redacted === 1;
    const stored: StoredEvent = {
      position: row.position,
      eventId: row.event_id,
      delta: {
        resource: row.resource,
        recordId: row.record_id,
        // An erased upsert has no data left to upsert: it reads as a delete.
        op: redacted ? 'delete' : row.op,
        payload: row.payload === null ? null : (parseJson(row.payload) as JsonObject),
        occurredAt: row.occurred_at,
        provenance: { source: row.source, confidence: row.confidence },
      },
      recordedAt: row.recorded_at,
      schemaVersion: row.schema_version,
    };
    if (redacted) stored.redacted = true;
    if (row.schema_version === this.schema.version) return stored;
    const upcast = upcastEvent(stored, this.schema.version, this.schema.upcasters);
    // An upcaster is code too: what it returns is checked like anything else about to be projected.
    return { ...upcast, delta: validateDelta(upcast.delta) };
  }

  /** One compiled, prepared statement per combination of filters and of columns. */
  private statementFor(filter: EventFilter, projectable: boolean): Statement {
    const key = [filter.source, filter.resource, filter.recordId, filter.occurredAtOrBefore]
      .map((value) => (value === undefined ? '-' : '+'))
      .join('')
      .concat(projectable ? 'p' : '*');
    let statement = this.statements.get(key);
    if (statement === undefined) {
      const table = this.kysely.selectFrom('mirror_events');
      let query = (projectable ? table.select(PROJECTABLE_COLUMNS) : table.selectAll()).where(
        'position',
        '>',
        param<number>('after'),
      );
      if (filter.source !== undefined) query = query.where('source', '=', param<string>('source'));
      if (filter.resource !== undefined)
        query = query.where('resource', '=', param<string>('resource'));
      if (filter.recordId !== undefined)
        query = query.where('record_id', '=', param<string>('record_id'));
      if (filter.occurredAtOrBefore !== undefined) {
        query = query.where(instantSortKeySql('occurred_at'), '<=', param<string>('occurred'));
      }
      statement = prepareCompiled(this.db, query.orderBy('position').limit(param<number>('size')));
      this.statements.set(key, statement);
    }
    return statement;
  }
}

/** The delta of a row, its payload parsed on first read. */
function deltaOfRow(row: ProjectableRow): Delta {
  return lazyDelta(
    {
      resource: row.resource,
      recordId: row.record_id,
      op: row.op,
      occurredAt: row.occurred_at,
      provenance: { source: row.source, confidence: row.confidence },
    },
    () => (row.payload === null ? null : (parseJson(row.payload) as JsonObject)),
  );
}

/**
 * Keyset pagination on the log position: reads chunk after chunk with `read`, each starting after
 * the last position of the one before, until a short chunk or `filter.limit` ends it.
 */
function* keysetChunks<T extends { position: number }>(
  filter: EventFilter,
  size: number,
  read: (filter: EventFilter, size: number) => T[],
): Generator<T[]> {
  let after = filter.afterPosition ?? 0;
  let remaining = filter.limit ?? Number.POSITIVE_INFINITY;
  while (remaining > 0) {
    const wanted = Math.min(size, remaining);
    const chunk = read({ ...filter, afterPosition: after }, wanted);
    if (chunk.length > 0) yield chunk;
    if (chunk.length < wanted) return;
    remaining -= chunk.length;
    after = (chunk[chunk.length - 1] as T).position;
  }
}
