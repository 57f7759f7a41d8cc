import type pg from 'pg';
import {
  QueryFailedError,
  QueryTimeoutError,
  foldEvent,
  normalizeInstant,
  stringifyJson,
  type ConflictStrategy,
  type InvalidDeltaError,
  type MirroredRecord,
} from '@oxide-mirror/core';
import { readEvents } from '../event-reader';

/** The SQL function that shows a resource as it stood at a time. */
export const AS_OF_FUNCTION = 'mirror_records_as_of';

/** The setting through which a query's transaction hands the function its rows. */
export const AS_OF_SETTING = 'oxide_mirror.as_of';

/** A text literal or a `$n` parameter, as one argument of the function. */
const ARGUMENT = String.raw`('(?:[^']|'')*'|\$\d+)`;
const CALL = new RegExp(
  String.raw`"?${AS_OF_FUNCTION}"?\s*\(\s*${ARGUMENT}\s*,\s*${ARGUMENT}\s*\)`,
  'gi',
);

/** The value an argument stands for: a literal's text, or the bound parameter's value. */
function argumentValue(argument: string, values: readonly unknown[]): unknown {
  if (argument.startsWith("'")) return argument.slice(1, -1).replace(/''/g, "'");
  return values[Number(argument.slice(1)) - 1];
}

/** `value` as a canonical instant, or a QueryFailedError naming the function. */
function asOfTime(value: unknown): string {
  try {
    return normalizeInstant(value, 'as_of');
  } catch (error) {
    const { field, problem } = error as InvalidDeltaError;
    throw new QueryFailedError(`${AS_OF_FUNCTION}(): ${field} ${problem}`);
  }
}

/**
 * The rows of every `mirror_records_as_of(resource, as_of)` call in `text` whose arguments are
 * text literals or parameters, as the JSON the schema's function reads (keyed by its arguments):
 * the records of the resource folded with `strategy` from the events that had happened by then.
 * A strategy is JavaScript, so the fold runs here, before the query, within its time limit; the
 * function refuses calls it was given no rows for (columns or expressions as arguments).
 * Undefined when the query calls the function nowhere.
 */
export async function asOfRowsFor(
  pool: pg.Pool,
  text: string,
  values: readonly unknown[],
  strategy: () => ConflictStrategy,
  deadline: { at: number; timeoutMs: number },
): Promise<string | undefined> {
  const rows: Record<string, unknown[]> = {};
  for (const match of text.matchAll(CALL)) {
    const resource = String(argumentValue(match[1] as string, values));
    const asOf = argumentValue(match[2] as string, values);
    const key = `${resource}\u001f${String(asOf)}`;
    if (!(key in rows))
      rows[key] = await foldAsOf(pool, strategy(), resource, asOfTime(asOf), deadline);
  }
  return Object.keys(rows).length === 0 ? undefined : stringifyJson(rows);
}

async function foldAsOf(
  pool: pg.Pool,
  strategy: ConflictStrategy,
  resource: string,
  asOf: string,
  deadline: { at: number; timeoutMs: number },
): Promise<unknown[]> {
  const states = new Map<string, MirroredRecord | undefined>();
  for await (const { delta, recordedAt } of readEvents(pool, {
    resource,
    occurredAtOrBefore: asOf,
  })) {
    states.set(
      delta.recordId,
      foldEvent(strategy, states.get(delta.recordId), delta, recordedAt).record,
    );
    if (Date.now() > deadline.at) throw new QueryTimeoutError(deadline.timeoutMs);
  }
  const live = [...states.values()].filter(
    (state): state is MirroredRecord => state !== undefined && !state.deleted,
  );
  return live.map((state) => ({
    record_id: state.recordId,
    payload: state.payload,
    source: state.source,
    confidence: state.confidence,
    version: state.version,
    occurred_at: state.occurredAt,
    last_synced_at: state.lastSyncedAt,
  }));
}
