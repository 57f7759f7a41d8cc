export {
  HttpConfigError,
  HttpSourceError,
  MassDeleteError,
  type HttpFailureReason,
  type HttpSourceErrorDetails,
} from './errors';
export {
  HttpClient,
  type HttpClientOptions,
  type HttpJsonResponse,
  type HttpRequestOptions,
  type HttpWait,
} from './http-client';
export { describeHttpCursor } from './cursor-summary';
export { HttpSource } from './http-source';
export type {
  DeletedEndpointConfig,
  DeletesConfig,
  HttpResourceConfig,
  HttpSourceConfig,
  HttpSourceDependencies,
  HttpSourceOptions,
  IncrementalConfig,
  KnownRecordIds,
  PaginationConfig,
} from './http-source-config';
export { readPath } from './json-path';
export { knownRecordIdsFrom } from './known-record-ids';
export { findLink } from './link-header';
export { createPaginator } from './paginators/create-paginator';
export {
  LastRecordPaginator,
  type LastRecordPaginatorOptions,
} from './paginators/last-record-paginator';
export { NextUrlPaginator, type NextUrlPaginatorOptions } from './paginators/next-url-paginator';
export {
  LinkHeaderPaginator,
  type LinkHeaderPaginatorOptions,
} from './paginators/link-header-paginator';
export {
  NextCursorPaginator,
  type NextCursorPaginatorOptions,
} from './paginators/next-cursor-paginator';
export { OffsetPaginator, type OffsetPaginatorOptions } from './paginators/offset-paginator';
export {
  PageNumberPaginator,
  type PageNumberPaginatorOptions,
} from './paginators/page-number-paginator';
export type { PageResponse, PageToken, Paginator } from './paginators/paginator';
export { SinglePagePaginator } from './paginators/single-page-paginator';
export { oxideMirrorPlugin } from './plugin';
export { httpSourceConfigSchema, httpSourceOptionsSchema } from './schema/options-schema';
export { RateLimiter, type RateLimitOptions } from './rate-limiter';
export { RequestBudget } from './request-budget';
export { parseRetryAfter } from './retry-after';
export { RetryPolicy, type RetryOptions } from './retry-policy';
export { REDACTED, SecretRedactor } from '@oxide-mirror/core';
export { realSleep, type Sleep } from './sleep';
export { formatTime, parseTime, type ParsedTime, type TimeFormat } from './time-format';
