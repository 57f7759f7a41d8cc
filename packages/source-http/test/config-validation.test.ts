import { MirrorError } from '@oxide-mirror/core';
import { HttpConfigError, HttpSource, type HttpSourceConfig } from '@oxide-mirror/source-http';

const SECRET = 'env-secret-never-shown-77';

function config(
  overrides: Record<string, unknown> = {},
  resource: Record<string, unknown> = {},
): HttpSourceConfig {
  return {
    id: 'crm',
    baseUrl: 'https://api.example.com/v2',
    headers: { Authorization: 'Bearer {env:CRM_TOKEN}' },
    resources: [{ name: 'contacts', path: '/contacts', idField: 'id', ...resource }],
    ...overrides,
  } as HttpSourceConfig;
}

function errorOf(
  value: HttpSourceConfig,
  env: Record<string, string> = { CRM_TOKEN: SECRET },
): HttpConfigError {
  try {
    new HttpSource(value, { env, knownRecordIds: async () => [] });
  } catch (error) {
    expect(error).toBeInstanceOf(HttpConfigError);
    expect(error).toBeInstanceOf(MirrorError);
    expect((error as HttpConfigError).code).toBe('INVALID_SOURCE');
    expect((error as Error).message).not.toContain(SECRET);
    return error as HttpConfigError;
  }
  throw new Error('expected the config to be refused');
}

describe('HttpSource config validation', () => {
  it('accepts a typical config', () => {
    expect(new HttpSource(config(), { env: { CRM_TOKEN: SECRET } }).id).toBe('crm');
  });

  it.each([
    [config({ id: '' }), 'id', 'must be a non-empty string'],
    [config({ baseUrl: 'api.example.com' }), 'baseUrl', 'must be an absolute http(s) URL'],
    [config({ baseUrl: 'ftp://example.com' }), 'baseUrl', 'must be an http(s) URL'],
    [config({ resources: [] }), 'resources', 'must be a non-empty array'],
    [config({}, { idField: 3 }), 'resources[0].idField', 'must be a string, got 3'],
    [config({}, { path: undefined }), 'resources[0].path', 'is required'],
    [config({}, { name: 'a#b' }), 'resources[0].name', "may not contain '#'"],
    [config({}, { confidence: 2 }), 'resources[0].confidence', 'must be <= 1, got 2'],
    [
      config({}, { timeFormat: 'rfc' }),
      'resources[0].timeFormat',
      'must be one of "iso", "unix-seconds", "unix-ms", got "rfc"',
    ],
    [
      config({}, { pagination: { kind: 'offset', limit: 0 } }),
      'resources[0].pagination.limit',
      'must be >= 1, got 0',
    ],
    [config({ timeoutMs: -1 }), 'timeoutMs', 'must be > 0, got -1'],
    [config({ retry: { maxAttempts: 1.5 } }), 'retry.maxAttempts', 'must be an integer, got 1.5'],
    [config({ rateLimit: {} }), 'rateLimit.requestsPerSecond', 'is required'],
    [
      config({ headers: { 'X-Key': 5 } }),
      'headers.X-Key',
      'must be a string or { "$env": NAME }, got 5',
    ],
    [config({}, { transform: 'upper' }), 'resources[0].transform', 'must be a function'],
  ])('names the bad field (%#)', (value, field, problem) => {
    const error = errorOf(value);
    expect(error.field).toBe(field);
    expect(error.problem).toBe(problem);
    expect(error.message).toBe(`http source config: ${field} ${problem}`);
  });

  it.each([
    [config({}, { incremntal: { param: 's' } }), 'resources[0].incremntal', 'incremental'],
    [config({}, { updatedAtFeild: 'u' }), 'resources[0].updatedAtFeild', 'updatedAtField'],
    [
      config({}, { deletes: { flagFeild: 'deleted' } }),
      'resources[0].deletes.flagFeild',
      'flagField',
    ],
    [config({}, { paginaton: { kind: 'none' } }), 'resources[0].paginaton', 'pagination'],
    [config({ headerz: {} }), 'headerz', 'headers'],
    [config({}, { idFeild: 'id', idField: undefined }), 'resources[0].idFeild', 'idField'],
    [
      config({}, { pagination: { kind: 'next-cursor', cursorPth: 'n', param: 'c' } }),
      'resources[0].pagination.cursorPth',
      'cursorPath',
    ],
    [config({ token: 'x' }), 'token', 'timeoutMs'],
  ])('refuses a misspelt key with a did-you-mean (%#)', (value, field, meant) => {
    const error = errorOf(value);
    expect(error.field).toBe(field);
    if (field === 'token') {
      expect(error.problem).toMatch(/^is not a known setting; known here: baseUrl, headers, /);
    } else {
      expect(error.problem).toBe(`is not a known setting; did you mean '${meant}'?`);
    }
  });

  it('takes a secret from an $env reference and keeps it out of messages', () => {
    const value = config({ headers: { 'X-Api-Key': { $env: 'CRM_TOKEN' } } });
    expect(new HttpSource(value, { env: { CRM_TOKEN: SECRET } }).id).toBe('crm');
    expect(errorOf(value, {}).message).toBe(
      'http source config: headers.X-Api-Key needs environment variable CRM_TOKEN, which is not set',
    );
  });

  it.each([
    [{ incremental: { param: 's', start: 'last tuesday' } }, 'resources[0].incremental.start'],
    [{ deletes: { flagMatch: 'present' } }, 'resources[0].deletes.flagField'],
    [
      { deletes: { flagField: 'd', flagMatch: 'truthy', flagValue: 1 } },
      'resources[0].deletes.flagValue',
    ],
    [{ pagination: { kind: 'page-number', totalCountPath: 't' } }, 'resources[0].pagination.size'],
    [{ pagination: { kind: 'last-record' } }, 'resources[0].pagination.param'],
  ])('checks the incremental, delete and paging options (%#)', (resource, field) => {
    expect(errorOf(config({}, { updatedAtField: 'u', ...resource })).field).toBe(field);
  });

  it('checks the time zone and the limits', () => {
    expect(errorOf(config({ timeZone: 'Mars/Olympus' })).problem).toBe(
      'must be an IANA time zone such as "Europe/Berlin"',
    );
    expect(errorOf(config({ maxResponseBytes: 0 })).field).toBe('maxResponseBytes');
    expect(errorOf(config({ concurrency: 1.5 })).field).toBe('concurrency');
  });

  it('refuses a repeated resource name, naming the second one', () => {
    const value = config();
    value.resources.push({ ...(value.resources[0] as HttpSourceConfig['resources'][number]) });
    expect(errorOf(value).field).toBe('resources[1].name');
  });

  it('names a missing environment variable, never a value', () => {
    const error = errorOf(config(), {});
    expect(error.message).toBe(
      'http source config: headers.Authorization needs environment variable CRM_TOKEN, which is not set',
    );
  });

  it('keeps secrets out of paths', () => {
    expect(errorOf(config({}, { path: '/contacts/{env:CRM_TOKEN}' })).message).toMatch(
      /resources\[0\]\.path may not use \{env:CRM_TOKEN\}: secrets go in headers or query/,
    );
  });

  it('fills {vars} into paths, encoded', () => {
    const value = config({ vars: { org: 'a b' } }, { path: '/orgs/{org}/contacts' });
    expect(() => new HttpSource(value, { env: { CRM_TOKEN: SECRET } })).not.toThrow();
    expect(errorOf(config({}, { path: '/orgs/{org}' })).message).toMatch(
      /resources\[0\]\.path uses \{org\}, which is not in vars/,
    );
  });

  it('needs an update-time field for incremental sync', () => {
    expect(errorOf(config({}, { incremental: { param: 'since' } })).field).toBe(
      'resources[0].incremental',
    );
  });

  it('infers deletes only from full snapshots, and only with the known ids', () => {
    const both = config(
      {},
      { updatedAtField: 'u', incremental: { param: 's' }, deletes: { inferFromSnapshot: true } },
    );
    expect(errorOf(both).field).toBe('resources[0].deletes.inferFromSnapshot');
    const value = config({}, { deletes: { inferFromSnapshot: true } });
    expect(() => new HttpSource(value, { env: { CRM_TOKEN: SECRET } })).toThrow(
      /needs the knownRecordIds dependency/,
    );
  });

  it('bounds maxDeleteShare to [0, 1]', () => {
    expect(errorOf(config({}, { deletes: { maxDeleteShare: 1.5 } })).field).toBe(
      'resources[0].deletes.maxDeleteShare',
    );
  });

  it('needs deletedAtField for an incremental deleted-records endpoint', () => {
    const value = config({}, { deletes: { endpoint: { path: '/deleted', sinceParam: 'since' } } });
    expect(errorOf(value).field).toBe('resources[0].deletes.endpoint.deletedAtField');
  });
});
