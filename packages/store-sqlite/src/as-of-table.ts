import type { Database } from 'better-sqlite3';
import {
  QueryFailedError,
  type InvalidDeltaError,
  canonicalJson,
  normalizeInstant,
  foldEvent,
  type ConflictStrategy,
  type MirroredRecord,
} from '@oxide-mirror/core';
import type { EventReader } from './event-reader';

/** Name of the table-valued function that shows a resource as it stood at a time. */
export const AS_OF_TABLE = 'mirror_records_as_of';

const COLUMNS = [
  'record_id',
  'payload',
  'source',
  'confidence',
  'version',
  'occurred_at',
  'last_synced_at',
];

/** Events folded per read while a resource is replayed. */
const CHUNK = 2000;

/**
 * Registers `mirror_records_as_of(resource, as_of)` on the query connection: the live records of
 * `resource` as they stood at `as_of` on the sources' clock, for example
 * `SELECT * FROM mirror_records_as_of('crm_contacts', '2026-03-01T00:00:00Z')`.
 *
 * SQLite cannot run a second statement on the connection that is running the query, so the
 * events are read through `events` — a reader on another connection — or, for a store that has
 * only one connection (in memory), the function says so instead of answering.
 */
export function registerAsOfTable(
  queryDb: Database,
  events: EventReader | undefined,
  strategy: () => ConflictStrategy | undefined,
): void {
  queryDb.table(AS_OF_TABLE, {
    parameters: ['resource', 'as_of'],
    columns: COLUMNS,
    rows: function* (resource: unknown, asOf: unknown) {
      if (events === undefined) {
        throw new QueryFailedError(`${AS_OF_TABLE}() needs a store opened on a file`);
      }
      const chosen = strategy();
      if (chosen === undefined)
        throw new QueryFailedError(`${AS_OF_TABLE}() needs the store's strategy option`);
      yield* liveRowsAsOf(events, chosen, String(resource), normalizeTime(asOf));
    },
  });
}

function normalizeTime(value: unknown): string {
  try {
    return normalizeInstant(value, 'as_of');
  } catch (error) {
    const { field, problem } = error as InvalidDeltaError;
    throw new QueryFailedError(`${AS_OF_TABLE}(): ${field} ${problem}`);
  }
}

/** Folds the resource's events up to `asOf` record by record and yields the live states. */
function* liveRowsAsOf(
  events: EventReader,
  strategy: ConflictStrategy,
  resource: string,
  asOf: string,
): Generator<unknown[]> {
  const states = new Map<string, MirroredRecord | undefined>();
  for (const chunk of events.chunks({ resource, occurredAtOrBefore: asOf }, CHUNK)) {
    for (const { delta, recordedAt } of chunk) {
      const { record } = foldEvent(strategy, states.get(delta.recordId), delta, recordedAt);
      states.set(delta.recordId, record);
    }
  }
  const ids = [...states.keys()].sort();
  for (const id of ids) {
    const state = states.get(id);
    if (state === undefined || state.deleted) continue;
    yield [
      id,
      state.payload === null ? null : canonicalJson(state.payload),
      state.source,
      state.confidence,
      state.version,
      state.occurredAt,
      state.lastSyncedAt,
    ];
  }
}
