import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { json, makeTempDir, peopleConfig, removeTempDir, runCli, writeConfig } from './cli-harness';

// Every test runs the built binary in child processes against a real server.
jest.setTimeout(180_000);

/** Where the test server is; set by `scripts/postgres-server.sh start` (as `.ci/run` does). */
const POSTGRES_URL = process.env.OXIDE_MIRROR_TEST_POSTGRES_URL;

const HOW_TO_RUN =
  'start a throwaway server with `eval "$(bash scripts/postgres-server.sh start)"`, run the ' +
  'tests, then `bash scripts/postgres-server.sh stop`';

/** A fresh database on the test server, so that the config can name it by URL alone. */
async function freshDatabase(): Promise<string> {
  const name = `cli_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_URL as string);
  url.pathname = `/${name}`;
  return url.toString();
}

const ADA_SQL =
  "SELECT payload ->> 'name' AS name FROM mirror_records WHERE resource = 'contacts' AND record_id = 'c1'";

function cliOnPostgres(): void {
  let dir: string;
  let database: string;
  beforeEach(async () => {
    dir = makeTempDir();
    database = await freshDatabase();
    writeConfig(dir, { ...peopleConfig(), database });
  });
  afterEach(() => removeTempDir(dir));

  it('runs every command on a mirror named by a postgres:// URL', () => {
    const synced = runCli(['sync'], dir);
    expect(synced.stderr).toBe('');
    expect(synced.code).toBe(0);
    expect(json(runCli(['query', ADA_SQL, '--json'], dir))).toEqual([{ name: 'Ada L' }]);
    expect(json(runCli(['resources', '--json'], dir))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ resource: 'contacts', records: 2, events: 3 }),
        expect.objectContaining({ resource: 'invoices', records: 2, events: 2 }),
      ]),
    );
    const described = runCli(['describe', 'contacts', '--json'], dir);
    expect(described.code).toBe(0);
    expect(JSON.stringify(json(described))).toContain('email');
    const history = json<{ decision: string }[]>(
      runCli(['history', 'contacts', 'c1', '--json'], dir),
    );
    expect(history.map((entry) => entry.decision)).toEqual(['applied', 'applied']);
    const events = runCli(['events', '--json'], dir);
    expect(events.code).toBe(0);
    expect(events.stdout.trim().split('\n')).toHaveLength(5);
    expect(json(runCli(['status', '--json'], dir))).toMatchObject([
      { source: 'crm', lastOutcome: 'ok' },
      { source: 'billing', lastOutcome: 'ok' },
    ]);
    expect(runCli(['cursor', 'show'], dir).code).toBe(0);
    expect(runCli(['rejects', 'list'], dir).code).toBe(0);
    const rebuilt = runCli(['rebuild'], dir);
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.code).toBe(0);
    expect(json(runCli(['query', ADA_SQL, '--json'], dir))).toEqual([{ name: 'Ada L' }]);
    // A second sync appends nothing: the server's log recognises every delta.
    expect(runCli(['sync'], dir).code).toBe(0);
    expect(
      json(runCli(['query', 'SELECT count(*) AS n FROM mirror_events', '--json'], dir)),
    ).toEqual([{ n: 5 }]);
  });

  it('refuses a write through query on the server as on a file', () => {
    expect(runCli(['sync'], dir).code).toBe(0);
    const refused = runCli(['query', 'DELETE FROM mirror_records'], dir);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/read-only|not allowed|refused/i);
    expect(
      json(runCli(['query', 'SELECT count(*) AS n FROM mirror_records', '--json'], dir)),
    ).toEqual([{ n: 4 }]);
  });
}

if (POSTGRES_URL !== undefined && POSTGRES_URL !== '') {
  describe('the CLI on the PostgreSQL store', cliOnPostgres);
} else if (process.env.CI === 'true') {
  describe('the CLI on the PostgreSQL store', () => {
    it('has a PostgreSQL server to run against', () => {
      throw new Error(`OXIDE_MIRROR_TEST_POSTGRES_URL is not set in CI: ${HOW_TO_RUN}`);
    });
  });
} else {
  describe.skip(
    `the CLI on the PostgreSQL store (skipped: no server; ${HOW_TO_RUN})`,
    cliOnPostgres,
  );
}
