import type { Database } from 'better-sqlite3';
import {
  QueryFailedError,
  QueryTimeoutError,
  type InvalidDeltaError,
  canonicalJson,
  normalizeInstant,
  foldEvent,
  type ConflictStrategy,
  type MirroredRecord,
} from '@oxide-mirror/core';
import type { EventReader } from './event-reader';
import { asOfKey } from './query/child-protocol';

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

/** Events folded per chunk; between chunks the store's process serves other work. */
const CHUNK = 2000;

/**
 * Registers `mirror_records_as_of(resource, as_of)` on a query connection: the live records of
 * `resource` as they stood at `as_of` on the sources' clock, for example
 * `SELECT * FROM mirror_records_as_of('crm_contacts', '2026-03-01T00:00:00Z')`.
 *
 * The rows come from `rowsFor`: the store folds the log with its strategy (code that lives in
 * the store's process) before the query is sent to the query process, which only serves them.
 */
export function registerAsOfTable(
  queryDb: Database,
  rowsFor: (key: string) => unknown[][] | undefined,
): void {
  queryDb.table(AS_OF_TABLE, {
    parameters: ['resource', 'as_of'],
    columns: COLUMNS,
    rows: function* (resource: unknown, asOf: unknown) {
      const rows = rowsFor(asOfKey(String(resource), normalizeAsOfTime(asOf)));
      if (rows === undefined) {
        throw new QueryFailedError(
          `${AS_OF_TABLE}() takes text or ? parameters as its arguments, not columns or expressions`,
        );
      }
      yield* rows;
    },
  });
}

/** `value` as a canonical instant (see `normalizeInstant`), or a QueryFailedError naming the function. */
export function normalizeAsOfTime(value: unknown): string {
  try {
    return normalizeInstant(value, 'as_of');
  } catch (error) {
    const { field, problem } = error as InvalidDeltaError;
    throw new QueryFailedError(`${AS_OF_TABLE}(): ${field} ${problem}`);
  }
}

/**
 * Folds the resource's events up to `asOf` record by record and returns the live states as
 * rows. The fold yields to the event loop between chunks and stops with QueryTimeoutError at
 * `deadline` (a `Date.now()` value), so a large resource never blocks the store.
 */
export async function liveRowsAsOf(
  events: EventReader,
  strategy: ConflictStrategy,
  resource: string,
  asOf: string,
  deadline: { at: number; timeoutMs: number },
): Promise<unknown[][]> {
  const states = new Map<string, MirroredRecord | undefined>();
  for (const chunk of events.chunks({ resource, occurredAtOrBefore: asOf }, CHUNK)) {
    for (const { delta, recordedAt } of chunk) {
      const { record } = foldEvent(strategy, states.get(delta.recordId), delta, recordedAt);
      states.set(delta.recordId, record);
    }
    await new Promise((resolve) => setImmediate(resolve));
    if (Date.now() > deadline.at) throw new QueryTimeoutError(deadline.timeoutMs);
  }
  const rows: unknown[][] = [];
  for (const id of [...states.keys()].sort()) {
    const state = states.get(id);
    if (state === undefined || state.deleted) continue;
    rows.push([
      id,
      state.payload === null ? null : canonicalJson(state.payload),
      state.source,
      state.confidence,
      state.version,
      state.occurredAt,
      state.lastSyncedAt,
    ]);
  }
  return rows;
}
