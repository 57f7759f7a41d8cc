import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PostgresMirrorStore, type PostgresStoreOptions } from '@oxide-mirror/store-postgres';

/** Where the test server is; set by `scripts/postgres-server.sh start`. */
export const POSTGRES_URL = process.env.OXIDE_MIRROR_TEST_POSTGRES_URL;

const HOW_TO_RUN =
  'start a throwaway server with `eval "$(bash scripts/postgres-server.sh start)"` ' +
  '(it sets OXIDE_MIRROR_TEST_POSTGRES_URL), run the tests, then `bash scripts/postgres-server.sh stop`';

/**
 * `describe` when a test server is configured. In CI a missing server fails the run, never
 * skips it; on a developer's machine the suite is skipped with a message saying how to run it.
 */
export function describeWithPostgres(name: string, body: () => void): void {
  if (POSTGRES_URL !== undefined && POSTGRES_URL !== '') {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has a PostgreSQL server to run against', () => {
        throw new Error(`OXIDE_MIRROR_TEST_POSTGRES_URL is not set in CI: ${HOW_TO_RUN}`);
      });
    });
    return;
  }
  describe.skip(`${name} (skipped: no PostgreSQL server; ${HOW_TO_RUN})`, body);
}

/** A fresh schema name; each test's mirror lives in its own. */
export function freshSchema(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** The test server's URL; only call inside {@link describeWithPostgres}. */
export function serverUrl(): string {
  if (POSTGRES_URL === undefined) throw new Error(`no PostgreSQL server: ${HOW_TO_RUN}`);
  return POSTGRES_URL;
}

/** Opens a store in `schema` (a fresh one by default) on the test server. */
export function openTestStore(
  options: Partial<PostgresStoreOptions> = {},
): Promise<PostgresMirrorStore> {
  return PostgresMirrorStore.open({
    connectionString: serverUrl(),
    schema: freshSchema(),
    ...options,
  });
}

/** Runs SQL on the test server as its superuser, outside any store. */
export async function asAdmin<T extends pg.QueryResultRow>(
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A fresh database on the test server, created by its superuser, as a URL that names it alone:
 * for tests of hosts whose config takes a `postgres://` URL rather than a schema.
 */
export async function freshDatabase(prefix = 'db'): Promise<string> {
  const name = freshSchema(prefix);
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}
