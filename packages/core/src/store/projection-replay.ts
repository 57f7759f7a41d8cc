import type { Decision } from '../applied-delta';
import type { ConflictStrategy } from '../conflict-strategy';
import type { MirroredRecord } from '../mirrored-record';
import type { StoredEvent } from '../stored-event';
import type { StrategyIdentity } from './strategy-identity';

/** One delta that reached a record, what was decided and what the record became. */
export interface RecordHistoryEntry {
  /** The logged event. */
  event: StoredEvent;
  /** The strategy's decision. */
  decision: Exclude<Decision, 'duplicate'>;
  /** The record's version after the event; undefined when it was skipped before any version. */
  version: number | undefined;
  /** The live record after the event; undefined while the record does not exist or is deleted. */
  record: MirroredRecord | undefined;
}

/** What a rebuild did. */
export interface RebuildReport {
  /** Events replayed. */
  events: number;
  /** Live records in the rebuilt projection. */
  records: number;
  /** Name of the strategy the projection was rebuilt with. */
  strategy: string;
}

/** Which strategy a replay uses; the projection's own when none is given. */
export interface ReplayOptions {
  strategy?: ConflictStrategy;
}

/**
 * Replaying the log: a record's history, a record as of a time, and a rebuild of the whole
 * projection. The projection owns its strategy: the store records which one (name and options)
 * built `mirror_records`, and only a rebuild changes it.
 */
export interface ProjectionReplay {
  /** The strategy that built `mirror_records`, as recorded; undefined before the first write. */
  projectionStrategy(): Promise<StrategyIdentity | undefined>;
  /**
   * Every delta that reached a record, in log order, with the decision taken and the version and
   * record that resulted. Decisions are those of `strategy` (default: the projection's).
   */
  history(
    resource: string,
    recordId: string,
    options?: ReplayOptions,
  ): Promise<RecordHistoryEntry[]>;
  /**
   * The record as it stood at `asOf` on the sources' clock (`occurredAt`): the projection of
   * the events that had happened by then; undefined if it did not exist or was deleted.
   */
  recordAt(
    resource: string,
    recordId: string,
    asOf: Date | string,
    options?: ReplayOptions,
  ): Promise<MirroredRecord | undefined>;
  /**
   * Replays the whole log into a fresh projection and swaps it in atomically; readers see the
   * old records until the swap commits. With `strategy`, the projection is rebuilt with it and
   * the store records it as the projection's strategy from then on.
   */
  rebuild(options?: ReplayOptions): Promise<RebuildReport>;
}
