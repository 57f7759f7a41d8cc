import type { StoredEvent } from '../stored-event';

/** Which events to read. Every field narrows the selection; events always come in log order. */
export interface EventFilter {
  /** Only events after this log position (exclusive). */
  afterPosition?: number;
  source?: string;
  resource?: string;
  /** Only events of this record; use together with `resource`. */
  recordId?: string;
  /** Only events whose `occurredAt` is at or before this ISO-8601 time. */
  occurredAtOrBefore?: string;
  /** Stop after this many events. */
  limit?: number;
}

/** Reading the append-only event log, the mirror's source of truth. */
export interface EventLogReader {
  /** The position of the last event in the log; 0 when it is empty. */
  headPosition(): Promise<number>;
  /**
   * The log's events matching `filter`, in log order, read chunk by chunk in bounded memory.
   * Old events come upcast to the current schema.
   *
   * @example
   * for await (const event of store.readEvents({ resource: 'crm_contacts', afterPosition: 100 })) { … }
   */
  readEvents(filter?: EventFilter): AsyncIterable<StoredEvent>;
}
