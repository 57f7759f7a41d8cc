import { PluginOptionsError } from '@oxide-mirror/core';

/** The source's options as a config file gives them. */
export interface FakeshopOptions {
  /** Base URL of the API, for example `https://api.fakeshop.example`. */
  baseUrl: string;
  /** Name of the environment variable holding the API key; no key is sent when absent. */
  apiKeyEnv?: string;
  /** Products per page, 1 to 100. Default 50. */
  pageSize?: number;
  /** Resource the products are mirrored as. Default `fakeshop_products`. */
  resource?: string;
  /** Mirror only products changed since this time (ISO-8601). Default: everything. */
  since?: string;
  /** Confidence of every delta, in [0, 1]. Default 1. */
  confidence?: number;
}

const PLUGIN = 'fakeshop';

function fail(field: string, problem: string): never {
  throw new PluginOptionsError(PLUGIN, field, problem);
}

function checkBaseUrl(value: unknown): string {
  if (typeof value !== 'string') {
    fail('baseUrl', 'is required: the API base URL, such as https://api.fakeshop.example');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('baseUrl', `is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail('baseUrl', `must be http(s), got ${url.protocol}`);
  }
  return value;
}

/** One check per optional field: the value as the source takes it, or a named refusal. */
const OPTIONAL: {
  [K in Exclude<keyof FakeshopOptions, 'baseUrl'>]-?: (value: unknown) => FakeshopOptions[K];
} = {
  apiKeyEnv: (value) => {
    if (typeof value !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
      fail('apiKeyEnv', `must name an environment variable, got ${JSON.stringify(value)}`);
    }
    return value;
  },
  pageSize: (value) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100) {
      fail('pageSize', `must be a whole number from 1 to 100, got ${JSON.stringify(value)}`);
    }
    return value;
  },
  resource: (value) => {
    if (typeof value !== 'string' || value.length === 0 || value.length > 256) {
      fail('resource', `must be a name of 1 to 256 characters, got ${JSON.stringify(value)}`);
    }
    return value;
  },
  since: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
      fail('since', `must be an ISO-8601 time, got ${JSON.stringify(value)}`);
    }
    return new Date(value).toISOString();
  },
  confidence: (value) => {
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      fail('confidence', `must be a number from 0 to 1, got ${JSON.stringify(value)}`);
    }
    return value;
  },
};

/**
 * Checks options from a config file; throws `PluginOptionsError` naming the bad field.
 *
 * @example
 * parseFakeshopOptions({ baseUrl: 'http://127.0.0.1:4010', apiKeyEnv: 'FAKESHOP_API_KEY' });
 */
export function parseFakeshopOptions(options: unknown): FakeshopOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    fail('baseUrl', 'is required: give options { "baseUrl": "…" }');
  }
  const given = options as Record<string, unknown>;
  const parsed: FakeshopOptions = { baseUrl: checkBaseUrl(given.baseUrl) };
  for (const [key, value] of Object.entries(given)) {
    if (key === 'baseUrl' || value === undefined) continue;
    if (!Object.hasOwn(OPTIONAL, key)) {
      const known = ['baseUrl', ...Object.keys(OPTIONAL)].join(', ');
      fail(key, `is not an option of ${PLUGIN} (known: ${known})`);
    }
    Object.assign(parsed, { [key]: OPTIONAL[key as keyof typeof OPTIONAL](value) });
  }
  return parsed;
}
