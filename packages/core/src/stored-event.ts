import type { Delta } from './delta';

/** The schema version of events written by this release. Older events are upcast when read. */
export const CURRENT_EVENT_SCHEMA_VERSION = 1;

/** One entry of the append-only event log. */
export interface StoredEvent {
  /** Global, gap-tolerant, strictly increasing position in the log. */
  position: number;
  /** Identity of the delta (see `eventIdOf`); a re-sent delta has the same id. */
  eventId: string;
  /** The delta as it was appended. */
  delta: Delta;
  /** When the store appended it, ISO-8601 UTC. */
  recordedAt: string;
  /** Shape version of the stored delta. */
  schemaVersion: number;
  /** True when the payload was erased on request (the event then reads as a delete). */
  redacted?: boolean;
}
