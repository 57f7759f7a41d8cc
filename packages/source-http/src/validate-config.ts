import type { JsonValue } from '@oxide-mirror/core';
import {
  choiceAt,
  flagAt,
  numberAt,
  objectAt,
  optionalPathAt,
  optionalTextAt,
  stringMapAt,
  textAt,
} from './config-checks';
import { HttpConfigError } from './errors';
import type { HttpSourceConfig, KnownRecordIds } from './http-source-config';
import { createPaginator } from './paginators/create-paginator';
import type { RateLimitOptions } from './rate-limiter';
import type { RetryOptions } from './retry-policy';
import { renderTemplate, type TemplateContext } from './template';
import type { TimeFormat } from './time-format';
import type { WalkIncremental, WalkPlan } from './walk-plan';

/** An {@link HttpSourceConfig} checked, with defaults applied and templates rendered. */
export interface ResolvedHttpSource {
  id: string;
  /** Headers of every request, credentials included. */
  headers: Record<string, string>;
  /** Query parameters of every request, credentials included. */
  query: Record<string, string>;
  /** Every credential value, for redaction. */
  secrets: string[];
  timeoutMs: number;
  retry: RetryOptions;
  rateLimit: RateLimitOptions | undefined;
  maxRequestsPerSync: number;
  /** The listings of a sync, in order. */
  walks: WalkPlan[];
}

const TIME_FORMATS: readonly TimeFormat[] = ['iso', 'unix-seconds', 'unix-ms'];
/** Header names whose whole value is a credential, even when written in the config itself. */
const SECRET_HEADER = /authorization|cookie|token|secret|api-?key|password|signature/i;

/** Context shared by the checks of one config. */
interface Scope {
  templates: TemplateContext;
  baseUrl: string;
  knownRecordIds: KnownRecordIds | undefined;
  /** Resource names seen so far, to refuse repeats. */
  names: Set<string>;
}

/**
 * Checks `config` and resolves it into walk plans. Throws {@link HttpConfigError} naming the
 * first bad field, for example `resources[1].pagination.limit`.
 */
export function resolveConfig(
  config: HttpSourceConfig,
  env: Readonly<Record<string, string | undefined>>,
  knownRecordIds: KnownRecordIds | undefined,
): ResolvedHttpSource {
  const raw = objectAt(config, 'config');
  const id = textAt(raw.id, 'id');
  const templates: TemplateContext = {
    vars: stringMapAt(raw.vars, 'vars'),
    env,
    secrets: new Set(),
  };
  const baseUrl = renderTemplate(textAt(raw.baseUrl, 'baseUrl'), 'baseUrl', templates, {
    allowEnv: false,
    encode: false,
  });
  absoluteUrl(baseUrl, 'baseUrl');
  const headers = renderMap(raw.headers, 'headers', templates);
  for (const [name, value] of Object.entries(headers))
    if (SECRET_HEADER.test(name)) templates.secrets.add(value);
  const query = renderMap(raw.query, 'query', templates);
  if (!Array.isArray(raw.resources) || raw.resources.length === 0) {
    throw new HttpConfigError('resources', 'must be a non-empty array');
  }
  const scope: Scope = { templates, baseUrl, knownRecordIds, names: new Set() };
  const walks = raw.resources.flatMap((resource, index) =>
    planResource(resource, `resources[${index}]`, scope),
  );
  return {
    id,
    headers,
    query,
    secrets: [...templates.secrets],
    timeoutMs: numberAt(raw.timeoutMs, 'timeoutMs', { min: 1 }, 30_000),
    retry: retryOptions(raw.retry),
    rateLimit: rateLimitOptions(raw.rateLimit),
    maxRequestsPerSync: numberAt(
      raw.maxRequestsPerSync,
      'maxRequestsPerSync',
      { min: 1, integer: true },
      Infinity,
    ),
    walks,
  };
}

function planResource(value: unknown, field: string, scope: Scope): WalkPlan[] {
  const raw = objectAt(value, field);
  const at = (name: string): string => `${field}.${name}`;
  const name = textAt(raw.name, at('name'));
  if (name.includes('#')) throw new HttpConfigError(at('name'), "may not contain '#'");
  if (scope.names.has(name)) throw new HttpConfigError(at('name'), `repeats '${name}'`);
  scope.names.add(name);
  const updatedAtField = optionalPathAt(raw.updatedAtField, at('updatedAtField'));
  const incremental = incrementalOf(raw.incremental, at('incremental'), updatedAtField);
  const deletes = raw.deletes === undefined ? {} : objectAt(raw.deletes, at('deletes'));
  const inferDeletes = inferDeletesOf(deletes, at('deletes'), incremental, scope);
  const transform = raw.transform;
  if (transform !== undefined && typeof transform !== 'function')
    throw new HttpConfigError(at('transform'), 'must be a function');
  const records: WalkPlan = {
    key: name,
    kind: 'records',
    resource: name,
    url: listingUrl(raw.path, raw.query, field, scope),
    recordsAt: optionalPathAt(raw.recordsAt, at('recordsAt')),
    idField: textAt(raw.idField, at('idField')),
    timeField: updatedAtField,
    timeFormat: choiceAt(raw.timeFormat, at('timeFormat'), TIME_FORMATS, 'iso'),
    confidence: numberAt(raw.confidence, at('confidence'), { min: 0, max: 1 }, 1),
    paginator: createPaginator(raw.pagination as never, at('pagination')),
    incremental,
    flag: flagOf(deletes, at('deletes')),
    inferDeletes,
    etag: flagAt(raw.etag, at('etag')),
    transform: transform as WalkPlan['transform'],
  };
  if (deletes.endpoint === undefined) return [records];
  return [records, deletedWalk(records, deletes.endpoint, at('deletes.endpoint'), scope)];
}

function deletedWalk(records: WalkPlan, value: unknown, field: string, scope: Scope): WalkPlan {
  const raw = objectAt(value, field);
  const at = (name: string): string => `${field}.${name}`;
  const deletedAtField = optionalPathAt(raw.deletedAtField, at('deletedAtField'));
  const sinceParam = optionalTextAt(raw.sinceParam, at('sinceParam'));
  if (sinceParam !== undefined && deletedAtField === undefined) {
    throw new HttpConfigError(
      at('deletedAtField'),
      'is needed with sinceParam: the bound follows deletion times',
    );
  }
  return {
    ...records,
    key: `${records.resource}#deleted`,
    kind: 'deleted',
    url: listingUrl(raw.path, raw.query, field, scope),
    recordsAt: optionalPathAt(raw.recordsAt, at('recordsAt')),
    idField: optionalPathAt(raw.idField, at('idField')) ?? records.idField,
    timeField: deletedAtField,
    paginator: createPaginator(raw.pagination as never, at('pagination')),
    incremental:
      sinceParam === undefined
        ? undefined
        : { param: sinceParam, overlapMs: 0, seek: false, maxPasses: 3 },
    flag: undefined,
    inferDeletes: undefined,
    etag: false,
    transform: undefined,
  };
}

function incrementalOf(
  value: unknown,
  field: string,
  updatedAtField: string | undefined,
): WalkIncremental | undefined {
  if (value === undefined) return undefined;
  const raw = objectAt(value, field);
  if (updatedAtField === undefined) {
    throw new HttpConfigError(
      field,
      'needs updatedAtField on the resource: the bound follows update times',
    );
  }
  return {
    param: textAt(raw.param, `${field}.param`),
    overlapMs: numberAt(raw.overlapMs, `${field}.overlapMs`, { min: 0 }, 0),
    seek: flagAt(raw.seek, `${field}.seek`),
    maxPasses: numberAt(raw.maxPasses, `${field}.maxPasses`, { min: 1, integer: true }, 3),
  };
}

function flagOf(deletes: Record<string, unknown>, field: string): WalkPlan['flag'] {
  const flagField = optionalPathAt(deletes.flagField, `${field}.flagField`);
  if (flagField === undefined) return undefined;
  return { field: flagField, value: (deletes.flagValue ?? true) as JsonValue };
}

function inferDeletesOf(
  deletes: Record<string, unknown>,
  field: string,
  incremental: WalkIncremental | undefined,
  scope: Scope,
): WalkPlan['inferDeletes'] {
  const maxShare = numberAt(
    deletes.maxDeleteShare,
    `${field}.maxDeleteShare`,
    { min: 0, max: 1 },
    0.5,
  );
  if (!flagAt(deletes.inferFromSnapshot, `${field}.inferFromSnapshot`)) return undefined;
  if (incremental !== undefined) {
    throw new HttpConfigError(
      `${field}.inferFromSnapshot`,
      'needs a full snapshot: remove incremental from the resource',
    );
  }
  if (scope.knownRecordIds === undefined) {
    throw new HttpConfigError(
      `${field}.inferFromSnapshot`,
      'needs the knownRecordIds dependency (see knownRecordIdsFromStore)',
    );
  }
  return { maxShare };
}

function listingUrl(path: unknown, query: unknown, field: string, scope: Scope): URL {
  const template = textAt(path, `${field}.path`);
  const rendered = renderTemplate(template, `${field}.path`, scope.templates, {
    allowEnv: false,
    encode: true,
  });
  const url = /^https?:\/\//i.test(rendered)
    ? absoluteUrl(rendered, `${field}.path`)
    : absoluteUrl(
        `${scope.baseUrl.replace(/\/+$/, '')}/${rendered.replace(/^\/+/, '')}`,
        `${field}.path`,
      );
  for (const [name, value] of Object.entries(renderMap(query, `${field}.query`, scope.templates))) {
    url.searchParams.set(name, value);
  }
  return url;
}

function renderMap(
  value: unknown,
  field: string,
  templates: TemplateContext,
): Record<string, string> {
  const rendered: Record<string, string> = {};
  for (const [name, template] of Object.entries(stringMapAt(value, field))) {
    rendered[name] = renderTemplate(template, `${field}.${name}`, templates, {
      allowEnv: true,
      encode: false,
    });
  }
  return rendered;
}

function absoluteUrl(text: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HttpConfigError(field, 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new HttpConfigError(field, 'must be an http(s) URL');
  return url;
}

function retryOptions(value: unknown): RetryOptions {
  const raw = value === undefined ? {} : objectAt(value, 'retry');
  return {
    maxAttempts: numberAt(raw.maxAttempts, 'retry.maxAttempts', { min: 1, integer: true }, 4),
    baseDelayMs: numberAt(raw.baseDelayMs, 'retry.baseDelayMs', { min: 0 }, 500),
    maxDelayMs: numberAt(raw.maxDelayMs, 'retry.maxDelayMs', { min: 0 }, 30_000),
    maxRetryAfterMs: numberAt(raw.maxRetryAfterMs, 'retry.maxRetryAfterMs', { min: 0 }, 120_000),
  };
}

function rateLimitOptions(value: unknown): RateLimitOptions | undefined {
  if (value === undefined) return undefined;
  const raw = objectAt(value, 'rateLimit');
  const requestsPerSecond = numberAt(
    raw.requestsPerSecond,
    'rateLimit.requestsPerSecond',
    { min: Number.MIN_VALUE },
    0,
  );
  if (requestsPerSecond === 0)
    throw new HttpConfigError('rateLimit.requestsPerSecond', 'is required');
  return {
    requestsPerSecond,
    burst: numberAt(raw.burst, 'rateLimit.burst', { min: 1, integer: true }, 1),
  };
}
