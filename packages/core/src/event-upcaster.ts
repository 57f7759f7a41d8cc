import { MirrorError } from './errors';
import type { StoredEvent } from './stored-event';

/**
 * Turns a stored event of schema version `fromVersion` into version `fromVersion + 1`. Stores
 * run upcasters when they read the log, so a change of the delta shape never strands old logs:
 * old events are stored as they were and read as the current shape.
 *
 * @example
 * // Version 2 renamed the contacts' `fullName` field to `name`.
 * const renameFullName: EventUpcaster = {
 *   fromVersion: 1,
 *   upcast: (event) => {
 *     const { fullName, ...rest } = event.delta.payload ?? {};
 *     return { ...event, delta: { ...event.delta, payload: event.delta.payload && { ...rest, name: fullName ?? null } } };
 *   },
 * };
 */
export interface EventUpcaster {
  /** The schema version this upcaster reads. */
  readonly fromVersion: number;
  /** Returns the event in the next version's shape; must not mutate its input. */
  upcast(event: StoredEvent): StoredEvent;
}

/** Applies `upcasters` until `event` is at `currentVersion`; throws when one is missing. */
export function upcastEvent(
  event: StoredEvent,
  currentVersion: number,
  upcasters: ReadonlyMap<number, EventUpcaster>,
): StoredEvent {
  if (event.schemaVersion > currentVersion) {
    throw new MirrorError(
      'MIGRATION_FAILED',
      `event at position ${event.position} has schema version ${event.schemaVersion}, newer than this reader's ${currentVersion}`,
    );
  }
  let current = event;
  while (current.schemaVersion < currentVersion) {
    const upcaster = upcasters.get(current.schemaVersion);
    if (upcaster === undefined) {
      throw new MirrorError(
        'MIGRATION_FAILED',
        `event at position ${event.position} has schema version ${current.schemaVersion} and no upcaster reads it`,
      );
    }
    current = { ...upcaster.upcast(current), schemaVersion: current.schemaVersion + 1 };
  }
  return current;
}
