import { HttpConfigError } from './errors';
import type { KnownRecordIds } from './http-source-config';
import { createPaginator } from './paginators/create-paginator';
import type { RateLimitOptions } from './rate-limiter';
import type { RetryOptions } from './retry-policy';
import { httpSourceConfigSchema, type HttpSourceConfig } from './schema/options-schema';
import { parseOptions } from './schema/parse-options';
import type { PaginationConfig } from './schema/pagination-schema';
import { readSecret, renderTemplate, type TemplateContext } from './template';
import type { StopRules, WalkIncremental, WalkPlan } from './walk-plan';

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
  maxResponseBytes: number;
  concurrency: number;
  timeZone: string;
  /** The listings of a sync, in order. */
  walks: WalkPlan[];
}

type Parsed = ReturnType<typeof parse>;
type ParsedResource = Parsed['resources'][number];
type ParsedDeletes = NonNullable<ParsedResource['deletes']>;
type SecretCapable = string | { $env: string };

/** Pages a sync may request by default: far beyond a real first sync, finite against loops. */
const DEFAULT_MAX_REQUESTS = 10_000;
/** Largest body by default: pages of real APIs are a few MB at most. */
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/**
 * Header and query parameter names whose whole value is a credential, even when written in the
 * config itself or resolved by a host before the source sees it (`key`, `api_key`, `X-Api-Key`,
 * `access_token`, …).
 */
const SECRET_NAME = /authorization|cookie|token|secret|(^|[-_])key$|api-?_?key|password|signature/i;

/** Context shared by the checks of one config. */
interface Scope {
  templates: TemplateContext;
  baseUrl: string;
  knownRecordIds: KnownRecordIds | undefined;
  /** Resource names seen so far, to refuse repeats. */
  names: Set<string>;
}

function parse(config: HttpSourceConfig) {
  return parseOptions(httpSourceConfigSchema, config);
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
  const raw = parse(config);
  const templates: TemplateContext = { vars: raw.vars ?? {}, env, secrets: new Set() };
  const baseUrl = renderTemplate(raw.baseUrl, 'baseUrl', templates, {
    allowEnv: false,
    encode: false,
  });
  absoluteUrl(baseUrl, 'baseUrl');
  const headers = renderMap(raw.headers, 'headers', templates);
  const query = renderMap(raw.query, 'query', templates);
  for (const [name, value] of [...Object.entries(headers), ...Object.entries(query)])
    if (SECRET_NAME.test(name)) templates.secrets.add(value);
  const scope: Scope = { templates, baseUrl, knownRecordIds, names: new Set() };
  const walks = raw.resources.flatMap((resource, index) =>
    planResource(resource, `resources[${index}]`, scope),
  );
  const retry = raw.retry ?? {};
  return {
    id: raw.id,
    headers,
    query,
    secrets: [...templates.secrets],
    timeoutMs: raw.timeoutMs ?? 30_000,
    retry: {
      maxAttempts: retry.maxAttempts ?? 4,
      baseDelayMs: retry.baseDelayMs ?? 500,
      maxDelayMs: retry.maxDelayMs ?? 30_000,
      maxRetryAfterMs: retry.maxRetryAfterMs ?? 120_000,
    },
    rateLimit: raw.rateLimit && { ...raw.rateLimit, burst: raw.rateLimit.burst ?? 1 },
    maxRequestsPerSync: raw.maxRequestsPerSync ?? DEFAULT_MAX_REQUESTS,
    maxResponseBytes: raw.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    concurrency: raw.concurrency ?? 4,
    timeZone: raw.timeZone ?? 'UTC',
    walks,
  };
}

function planResource(raw: ParsedResource, field: string, scope: Scope): WalkPlan[] {
  const at = (name: string): string => `${field}.${name}`;
  if (raw.name.includes('#')) throw new HttpConfigError(at('name'), "may not contain '#'");
  if (scope.names.has(raw.name)) throw new HttpConfigError(at('name'), `repeats '${raw.name}'`);
  scope.names.add(raw.name);
  const timeFormat = raw.timeFormat ?? 'iso';
  const incremental = incrementalOf(raw, at('incremental'));
  const deletes: ParsedDeletes = raw.deletes ?? {};
  const records: WalkPlan = {
    key: raw.name,
    kind: 'records',
    resource: raw.name,
    url: listingUrl(raw.path, raw.query, field, scope),
    recordsAt: emptyAsAbsent(raw.recordsAt),
    idField: raw.idField,
    timeField: raw.updatedAtField,
    timeFormat,
    confidence: raw.confidence ?? 1,
    paginator: createPaginator(raw.pagination, raw.idField, at('pagination')),
    stop: stopRules(raw.pagination),
    incremental,
    flag: flagOf(deletes, at('deletes')),
    inferDeletes: inferDeletesOf(deletes, at('deletes'), incremental, scope),
    etag: raw.etag ?? false,
    transform: raw.transform,
  };
  if (deletes.endpoint === undefined) return [records];
  return [records, deletedWalk(records, deletes.endpoint, at('deletes.endpoint'), scope)];
}

function deletedWalk(
  records: WalkPlan,
  raw: NonNullable<ParsedDeletes['endpoint']>,
  field: string,
  scope: Scope,
): WalkPlan {
  if (raw.sinceParam !== undefined && raw.deletedAtField === undefined) {
    throw new HttpConfigError(
      `${field}.deletedAtField`,
      'is needed with sinceParam: the bound follows deletion times',
    );
  }
  const idField = raw.idField ?? (records.idField as string);
  return {
    ...records,
    key: `${records.resource}#deleted`,
    kind: 'deleted',
    url: listingUrl(raw.path, raw.query, field, scope),
    recordsAt: emptyAsAbsent(raw.recordsAt),
    idField,
    timeField: raw.deletedAtField,
    paginator: createPaginator(raw.pagination, idField, `${field}.pagination`),
    stop: stopRules(raw.pagination),
    incremental:
      raw.sinceParam === undefined
        ? undefined
        : {
            param: raw.sinceParam,
            paramFormat: records.timeFormat,
            overlapMs: 0,
            lagMs: 0,
            seek: false,
            maxPasses: 3,
            start: records.incremental?.start,
          },
    flag: undefined,
    inferDeletes: undefined,
    etag: false,
    transform: undefined,
  };
}

function incrementalOf(raw: ParsedResource, field: string): WalkIncremental | undefined {
  const incremental = raw.incremental;
  if (incremental === undefined) return undefined;
  if (raw.updatedAtField === undefined) {
    throw new HttpConfigError(
      field,
      'needs updatedAtField on the resource: the bound follows update times',
    );
  }
  return {
    param: incremental.param,
    paramFormat: incremental.paramFormat ?? raw.timeFormat ?? 'iso',
    overlapMs: incremental.overlapMs ?? 0,
    lagMs: incremental.lagMs ?? 0,
    seek: incremental.seek ?? false,
    maxPasses: incremental.maxPasses ?? 3,
    start: incremental.start,
  };
}

function stopRules(pagination: PaginationConfig | undefined): StopRules {
  if (pagination === undefined || pagination.kind === 'none') {
    return { when: undefined, onEmptyPage: true };
  }
  return { when: pagination.stopWhen, onEmptyPage: pagination.stopOnEmptyPage ?? true };
}

function flagOf(deletes: ParsedDeletes, field: string): WalkPlan['flag'] {
  const match = deletes.flagMatch ?? 'equals';
  if (deletes.flagField === undefined) {
    if (deletes.flagMatch !== undefined || deletes.flagValue !== undefined) {
      throw new HttpConfigError(`${field}.flagField`, 'is needed with flagMatch or flagValue');
    }
    return undefined;
  }
  if (match !== 'equals' && deletes.flagValue !== undefined) {
    throw new HttpConfigError(
      `${field}.flagValue`,
      `is only read with flagMatch "equals", not "${match}"`,
    );
  }
  return { field: deletes.flagField, match, value: deletes.flagValue ?? true };
}

function inferDeletesOf(
  deletes: ParsedDeletes,
  field: string,
  incremental: WalkIncremental | undefined,
  scope: Scope,
): WalkPlan['inferDeletes'] {
  if (deletes.inferFromSnapshot !== true) return undefined;
  if (incremental !== undefined) {
    throw new HttpConfigError(
      `${field}.inferFromSnapshot`,
      'needs a full snapshot: remove incremental from the resource',
    );
  }
  if (scope.knownRecordIds === undefined) {
    throw new HttpConfigError(
      `${field}.inferFromSnapshot`,
      'needs the knownRecordIds dependency (see knownRecordIdsFrom)',
    );
  }
  return { maxShare: deletes.maxDeleteShare ?? 0.5 };
}

function listingUrl(
  path: string,
  query: Record<string, SecretCapable> | undefined,
  field: string,
  scope: Scope,
): URL {
  const rendered = renderTemplate(path, `${field}.path`, scope.templates, {
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

/** Header or query values with `{var}`, `{env:NAME}` and `{ "$env": NAME }` filled in. */
function renderMap(
  map: Record<string, SecretCapable> | undefined,
  field: string,
  templates: TemplateContext,
): Record<string, string> {
  const rendered: Record<string, string> = {};
  for (const [name, value] of Object.entries(map ?? {})) {
    rendered[name] =
      typeof value === 'string'
        ? renderTemplate(value, `${field}.${name}`, templates, { allowEnv: true, encode: false })
        : readSecret(value.$env, `${field}.${name}`, templates);
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

function emptyAsAbsent(path: string | undefined): string | undefined {
  return path === '' ? undefined : path;
}
