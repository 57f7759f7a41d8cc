import type { JsonObject, JsonValue } from '@oxide-mirror/core';
import type { Paginator } from './paginators/paginator';
import type { TimeFormat } from './time-format';

/** Incremental settings of a walk, defaults applied. */
export interface WalkIncremental {
  param: string;
  /** How the bound is written in the query. */
  paramFormat: TimeFormat;
  overlapMs: number;
  /** Changes newer than `now - lagMs` are read again by the next sync. */
  lagMs: number;
  seek: boolean;
  maxPasses: number;
  /** Bound of a first sync: an ISO instant or a relative time such as `-30d`. */
  start: string | undefined;
}

/** How a record is recognised as deleted by one of its fields. */
export interface DeleteFlag {
  field: string;
  match: 'equals' | 'truthy' | 'present';
  /** The value `equals` compares with. */
  value: JsonValue;
}

/** When a listing ends besides its paginator saying so. */
export interface StopRules {
  /** A body flag that means "no more pages". */
  when: { path: string; equals: JsonValue } | undefined;
  /** A page without records ends the listing. */
  onEmptyPage: boolean;
}

/**
 * One listing an {@link HttpSource} walks during a sync: a resource's records, or its deleted
 * records. The config is resolved into these once, so a pull only follows plans.
 */
export interface WalkPlan {
  /** Unique key: the resource name, with `#deleted` for the deleted-records listing. */
  key: string;
  /** Whether the listing holds records to upsert or records that were deleted. */
  kind: 'records' | 'deleted';
  /** The mirror resource the deltas go to. */
  resource: string;
  /** The listing's first-page URL, its fixed query included (credentials excluded). */
  url: URL;
  recordsAt: string | undefined;
  idField: string | undefined;
  /** The field dating each record (update time, or deletion time). */
  timeField: string | undefined;
  timeFormat: TimeFormat;
  confidence: number;
  paginator: Paginator;
  stop: StopRules;
  incremental: WalkIncremental | undefined;
  flag: DeleteFlag | undefined;
  inferDeletes: { maxShare: number } | undefined;
  etag: boolean;
  transform: ((record: JsonObject) => JsonObject) | undefined;
}
