import type { Clock, JsonObject, JsonValue } from '@oxide-mirror/core';
import type { LinkHeaderPaginatorOptions } from './paginators/link-header-paginator';
import type { NextCursorPaginatorOptions } from './paginators/next-cursor-paginator';
import type { OffsetPaginatorOptions } from './paginators/offset-paginator';
import type { PageNumberPaginatorOptions } from './paginators/page-number-paginator';
import type { Paginator } from './paginators/paginator';
import type { RateLimitOptions } from './rate-limiter';
import type { RetryOptions } from './retry-policy';
import type { Sleep } from './sleep';
import type { TimeFormat } from './time-format';

/** How a listing is paged; `custom` takes any {@link Paginator}. Default `none`. */
export type PaginationConfig =
  | { kind: 'none' }
  | ({ kind: 'next-cursor' } & NextCursorPaginatorOptions)
  | ({ kind: 'link-header' } & LinkHeaderPaginatorOptions)
  | ({ kind: 'page-number' } & PageNumberPaginatorOptions)
  | ({ kind: 'offset' } & OffsetPaginatorOptions)
  | { kind: 'custom'; paginator: Paginator };

/** Incremental sync: ask only for records updated since the newest one already mirrored. */
export interface IncrementalConfig {
  /** Query parameter of the inclusive lower bound, e.g. `updated_since`. */
  param: string;
  /** How far behind the newest mirrored update time the bound reaches, for lagging APIs. Default 0. */
  overlapMs?: number;
  /**
   * Set when the API returns records ordered by update time, oldest first: every page then asks
   * for records updated since the newest one committed, so records that change while the sync
   * pages (and shift offsets) are neither skipped nor lost. Default false.
   */
  seek?: boolean;
  /**
   * Passes per sync (without `seek`): after a pass that found newer records, another pass from
   * the new bound picks up records changed behind the pagination. Default 3.
   */
  maxPasses?: number;
}

/** A separate listing of deleted records. */
export interface DeletedEndpointConfig {
  /** Path (relative to `baseUrl`) or absolute URL; `{var}` placeholders come from `vars`. */
  path: string;
  /** Extra query parameters. */
  query?: Record<string, string>;
  /** Dotted path of the deleted records (or ids) in the body; empty: the body itself. */
  recordsAt?: string;
  /** Field holding a deleted record's id; default: the resource's `idField`. Bare ids need none. */
  idField?: string;
  /** Field holding when the record was deleted; without it the delete is dated now. */
  deletedAtField?: string;
  /** How the listing is paged. */
  pagination?: PaginationConfig;
  /** Query parameter of an inclusive "deleted since" bound; needs `deletedAtField`. */
  sinceParam?: string;
}

/** How deletes reach the mirror; any combination may be set. */
export interface DeletesConfig {
  /** A record field that marks the record deleted, e.g. `deleted` or `archived`. */
  flagField?: string;
  /** The flag value that means deleted. Default `true`. */
  flagValue?: JsonValue;
  /** A listing of deleted records, read after the resource's own listing. */
  endpoint?: DeletedEndpointConfig;
  /**
   * Delete mirrored records that a complete, uninterrupted snapshot no longer contains. Only for
   * resources without `incremental`; needs the source's `knownRecordIds` dependency.
   */
  inferFromSnapshot?: boolean;
  /** Largest share of the mirrored records one snapshot may delete, in [0, 1]. Default 0.5. */
  maxDeleteShare?: number;
}

/** One listing of the API mirrored as one resource. */
export interface HttpResourceConfig {
  /** Resource name in the mirror, e.g. `crm_contacts`. */
  name: string;
  /** Path (relative to `baseUrl`) or absolute URL; `{var}` placeholders come from `vars`. */
  path: string;
  /** Extra query parameters; values may use `{var}` and `{env:NAME}`. */
  query?: Record<string, string>;
  /** Dotted path of the records array in the body; empty or absent: the body itself. */
  recordsAt?: string;
  /** Dotted path of a record's id (string or number). */
  idField: string;
  /** Dotted path of a record's update time; it dates each change. Needed for `incremental`. */
  updatedAtField?: string;
  /** How the API writes times. Default `iso`. */
  timeFormat?: TimeFormat;
  /** Trust in this resource's records, in [0, 1]. Default 1. */
  confidence?: number;
  /** How the listing is paged. Default `none`. */
  pagination?: PaginationConfig;
  /** Ask only for changes since the last sync; without it every sync reads a full snapshot. */
  incremental?: IncrementalConfig;
  /** Explicit and inferred deletes. */
  deletes?: DeletesConfig;
  /**
   * Revalidate the listing's first page with `If-None-Match`; a `304` skips the resource for
   * this sync. Only for listings whose first page changes whenever any record does.
   */
  etag?: boolean;
  /** Turns an API record into the payload to mirror (rename, drop or add fields). */
  transform?: (record: JsonObject) => JsonObject;
}

/** A REST/JSON API and the resources mirrored from it. */
export interface HttpSourceConfig {
  /** Source id: the key of its cursor and the provenance of its deltas. */
  id: string;
  /** Common prefix of every resource path, e.g. `https://api.example.com/v2`. */
  baseUrl: string;
  /** Headers of every request; `{env:NAME}` takes a secret from the environment. */
  headers?: Record<string, string>;
  /** Query parameters of every request; `{env:NAME}` works here too. */
  query?: Record<string, string>;
  /** Values for `{name}` placeholders in `baseUrl`, paths and query values. */
  vars?: Record<string, string>;
  /** The resources, synced in this order. */
  resources: HttpResourceConfig[];
  /** Longest wait for one response, in milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** Retries and backoff. */
  retry?: RetryOptions;
  /** Requests per second across all of the source's resources. Default: unlimited. */
  rateLimit?: RateLimitOptions;
  /** Most requests in one sync; the sync then ends as partial and the next resumes. */
  maxRequestsPerSync?: number;
}

/** The ids of the live records of `resource` whose latest change came from source `sourceId`. */
export type KnownRecordIds = (resource: string, sourceId: string) => Promise<Iterable<string>>;

/** What an {@link HttpSource} is given besides its config; all optional. */
export interface HttpSourceDependencies {
  /** Needed by `deletes.inferFromSnapshot`; see `knownRecordIdsFromStore`. */
  knownRecordIds?: KnownRecordIds;
  /** Where `{env:NAME}` placeholders are read. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Dates changes that carry no time of their own, and drives the rate limit. */
  clock?: Clock;
  /** Waits between retries and for the rate limit. */
  sleep?: Sleep;
  /** Jitter of the retry backoff. */
  random?: () => number;
  /** The `fetch` to use. */
  fetch?: typeof fetch;
}
