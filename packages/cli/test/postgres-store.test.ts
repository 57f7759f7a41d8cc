import { json, makeTempDir, peopleConfig, removeTempDir, runCli, writeConfig } from './cli-harness';
import { describeWithPostgres, freshDatabase } from '../../store-postgres/test/postgres-server';

// Every test runs the built binary in child processes against a real server.
jest.setTimeout(180_000);

const ADA_SQL =
  "SELECT payload ->> 'name' AS name FROM mirror_records WHERE resource = 'contacts' AND record_id = 'c1'";

function cliOnPostgres(): void {
  let dir: string;
  let database: string;
  beforeEach(async () => {
    dir = makeTempDir();
    database = await freshDatabase('cli');
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

describeWithPostgres('the CLI on the PostgreSQL store', cliOnPostgres);
