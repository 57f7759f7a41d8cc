import { parseJson } from '@oxide-mirror/core';
import pg from 'pg';

/** PostgreSQL type ids whose text the store parses itself. */
const INT8 = 20;
const NUMERIC = 1700;
const JSON_TYPE = 114;
const JSONB = 3802;
const DATE = 1082;
const TIME = 1083;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const TIMETZ = 1266;
const INTERVAL = 1186;

/** JSON stays text (see below); dates and times stay the text PostgreSQL printed, as SQLite's do. */
const TEXT_AS_IS = new Set([
  JSON_TYPE,
  JSONB,
  DATE,
  TIME,
  TIMESTAMP,
  TIMESTAMPTZ,
  TIMETZ,
  INTERVAL,
]);

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A 64-bit integer as a number where a double holds it exactly, else as a bigint. */
export function exactInteger(text: string): number | bigint {
  const value = BigInt(text);
  return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value;
}

/** A numeric as a number where a double holds it exactly, else as its exact text. */
function exactNumeric(text: string): number | bigint | string {
  try {
    const value = parseJson(text);
    return typeof value === 'number' || typeof value === 'bigint' ? value : text;
  } catch {
    return text; // NaN and the infinities are not JSON numbers
  }
}

/**
 * How values come back: counts and positions (bigint) as numbers, big integers exact, and JSON as
 * its text — the store parses payloads with core's lossless parser, and query results show JSON
 * as text, as the SQLite store does.
 */
export const typeParsers = {
  getTypeParser(id: number, format?: 'text' | 'binary') {
    if (id === INT8) return exactInteger;
    if (id === NUMERIC) return exactNumeric;
    if (TEXT_AS_IS.has(id)) return (text: string) => text;
    return pg.types.getTypeParser(id, format);
  },
} as pg.CustomTypesConfig;

/** Where and as whom a pool connects. */
export interface PoolSettings {
  connectionString: string;
  schema: string;
  max: number;
  user?: string;
  password?: string;
  applicationName: string;
}

/** The connection URL with the login of `settings` (the URL's own login wins over pg's options). */
function withLogin({ connectionString, user, password }: PoolSettings): string {
  if (user === undefined) return connectionString;
  const url = new URL(connectionString);
  url.username = encodeURIComponent(user);
  url.password = password === undefined ? '' : encodeURIComponent(password);
  return url.toString();
}

/**
 * A pool whose connections look only in the mirror's schema (then `pg_catalog`), so the store's
 * SQL and users' queries name tables without a schema.
 */
export function openPool(settings: PoolSettings): pg.Pool {
  const pool = new pg.Pool({
    connectionString: withLogin(settings),
    max: settings.max,
    types: typeParsers,
    options: `-c search_path=${settings.schema}`,
    application_name: settings.applicationName,
  });
  // An idle connection the server ends (a restart, a terminated backend) must not crash the host.
  pool.on('error', () => undefined);
  return pool;
}
