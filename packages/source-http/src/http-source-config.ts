import type { Clock } from '@oxide-mirror/core';
import type { HttpWait } from './http-client';
import type { Sleep } from './sleep';

export type { HttpSourceConfig, HttpSourceOptions } from './schema/options-schema';
export type { PaginationConfig } from './schema/pagination-schema';
export type {
  DeletedEndpointConfig,
  DeletesConfig,
  HttpResourceConfig,
  IncrementalConfig,
} from './schema/resource-schema';

/** The ids of the live records of `resource` whose latest change came from source `sourceId`. */
export type KnownRecordIds = (resource: string, sourceId: string) => Promise<Iterable<string>>;

/** What an {@link HttpSource} is given besides its config; all optional. */
export interface HttpSourceDependencies {
  /** Needed by `deletes.inferFromSnapshot`; see `knownRecordIdsFrom`. */
  knownRecordIds?: KnownRecordIds;
  /** Where `{env:NAME}` placeholders are read. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Secret values the host already put into the config (a CLI's `{ "$env": NAME }`), redacted in
   * every spelling like the source's own, from errors, cursors and response bodies.
   */
  secrets?: readonly string[];
  /** Dates changes that carry no time of their own, and drives the rate limit. */
  clock?: Clock;
  /** Waits between retries and for the rate limit. */
  sleep?: Sleep;
  /** Jitter of the retry backoff. */
  random?: () => number;
  /** The `fetch` to use. */
  fetch?: typeof fetch;
  /** Told of every wait before a retry (a rate limit, a backoff), e.g. to show it as progress. */
  onWait?: (wait: HttpWait) => void;
}
