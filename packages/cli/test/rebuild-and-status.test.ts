import {
  json,
  makeTempDir,
  peopleConfig,
  removeTempDir,
  runCli,
  staticSource,
  upsert,
  writeConfig,
} from './cli-harness';

// Every test runs the built binary in child processes; on a busy two-core machine a handful of
// runs can take longer than jest's default five seconds.
jest.setTimeout(120_000);

const ADA_SQL =
  "SELECT json_extract(payload, '$.name') AS name, version FROM mirror_records WHERE record_id = 'c1'";

describe('oxide-mirror rebuild', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
    writeConfig(dir, peopleConfig());
    expect(runCli(['sync'], dir).code).toBe(0);
  });
  afterEach(() => removeTempDir(dir));

  it('replays the log into the same records with the config strategy', () => {
    const before = runCli(
      ['query', 'SELECT * FROM mirror_records ORDER BY resource, record_id', '--json'],
      dir,
    );
    const result = runCli(['rebuild'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'rebuilt mirror_records from 5 events with last-write-wins: 4 live records (before: 4)\n',
    );
    const after = runCli(
      ['query', 'SELECT * FROM mirror_records ORDER BY resource, record_id', '--json'],
      dir,
    );
    expect(after.stdout).toBe(before.stdout);
  });

  it('rebuilds with another strategy given by --strategy', () => {
    expect(json(runCli(['query', ADA_SQL, '--json'], dir))).toEqual([
      { name: 'Ada L', version: 2 },
    ]);
    const result = runCli(['rebuild', '--strategy', 'highest-confidence', '--json'], dir);
    expect(result.code).toBe(0);
    expect(json(result)).toMatchObject({
      events: 5,
      records: 4,
      recordsBefore: 4,
      strategy: 'highest-confidence',
    });
    // The mirror now keeps highest-confidence: the config's last-write-wins is refused, by
    // reads and syncs alike, until the config says so or a rebuild switches back.
    const refused = runCli(['query', ADA_SQL, '--json'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "mirror_records was built with strategy 'highest-confidence', not 'last-write-wins'",
    );
    expect(refused.stderr).toContain('`oxide-mirror rebuild --strategy last-write-wins`');
    expect(runCli(['sync'], dir).stderr).toContain("built with strategy 'highest-confidence'");
    writeConfig(dir, { ...peopleConfig(), strategy: 'highest-confidence' });
    // Ada's rename came with confidence 0.5 after a 1.0 record: highest-confidence skips it.
    expect(json(runCli(['query', ADA_SQL, '--json'], dir))).toEqual([{ name: 'Ada', version: 1 }]);
  });

  it('honours per-source and per-resource strategy overrides from the config', () => {
    const config = peopleConfig();
    config.resources = { contacts: { strategy: 'keep-local' } };
    writeConfig(dir, config);
    const result = runCli(['rebuild'], dir);
    expect(result.stdout).toContain('with last-write-wins[resource:contacts=keep-local]');
    expect(json(runCli(['query', ADA_SQL, '--json'], dir))).toEqual([{ name: 'Ada', version: 1 }]);
  });

  it('names the option when the strategy is unknown', () => {
    const result = runCli(['rebuild', '--strategy', 'newest-wins'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--strategy: plugin 'newest-wins' not found");
    expect(result.stderr).toContain(
      'first-party strategies are last-write-wins, highest-confidence, keep-local, merge-json',
    );
  });
});

describe('oxide-mirror status', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('shows per source the last success, the cursor, and no error after a clean sync', () => {
    writeConfig(dir, peopleConfig());
    runCli(['sync'], dir);
    const statuses = json<Record<string, unknown>[]>(runCli(['status', '--json'], dir));
    expect(statuses).toEqual([
      expect.objectContaining({
        source: 'crm',
        configured: true,
        lastOutcome: 'ok',
        partial: false,
        cursor: '2',
        lastError: null,
      }),
      expect.objectContaining({
        source: 'billing',
        lastOutcome: 'ok',
        partial: false,
        cursor: '1',
        lastError: null,
      }),
    ]);
    expect(statuses[0]?.lastSuccessAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
  });

  it('shows a partial source with its last error, and a never-synced one', () => {
    const config = peopleConfig();
    (config.sources as Record<string, unknown>).helpdesk = {
      ...staticSource([
        [upsert('tickets', 't1', { title: 'ok' }, 'helpdesk', '2024-01-04T00:00:00.000Z')],
        [upsert('tickets', 't2', { title: 'bad' }, 'helpdesk', '2024-01-04T00:00:00.000Z', 3)],
      ]),
      onInvalid: 'fail',
    };
    writeConfig(dir, config);
    expect(runCli(['sync', 'crm', 'helpdesk'], dir).code).toBe(3);
    const result = runCli(['status'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^source\s+last_run\s+outcome\s+took\s+partial\s+last_success\s+cursor\s+last_error\s+rejects$/m,
    );
    const took = String.raw`(\d+ ms|\d+\.\d s)`;
    expect(result.stdout).toMatch(
      new RegExp(String.raw`^crm\s+\S+\s+ok\s+${took}\s+no\s+\S+\s+2\s+0$`, 'm'),
    );
    expect(result.stdout).toMatch(/^billing\s+never synced\s+no\s+0$/m);
    expect(result.stdout).toMatch(
      new RegExp(
        String.raw`^helpdesk\s+\S+\s+partial\s+${took}\s+yes\s+1\s+sync of 'helpdesk' stopped after 1 committed page`,
        'm',
      ),
    );
  });
});
