import type { JsonObject, JsonValue } from '@oxide-mirror/core';
import type { Paginator } from './paginators/paginator';
import type { TimeFormat } from './time-format';

/** Incremental settings of a walk, defaults applied. */
export interface WalkIncremental {
  param: string;
  overlapMs: number;
  seek: boolean;
  maxPasses: number;
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
  incremental: WalkIncremental | undefined;
  flag: { field: string; value: JsonValue } | undefined;
  inferDeletes: { maxShare: number } | undefined;
  etag: boolean;
  transform: ((record: JsonObject) => JsonObject) | undefined;
}
