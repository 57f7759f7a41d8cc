import {
  json,
  makeTempDir,
  peopleConfig,
  removeTempDir,
  runCli,
  startCli,
  staticSource,
  upsert,
  writeConfig,
} from './cli-harness';

// Every test runs the built binary in child processes; on a busy two-core machine a handful of
// runs can take longer than jest's default five seconds.
jest.setTimeout(120_000);

describe('commands that read the mirror', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir();
    writeConfig(dir, peopleConfig());
    expect(runCli(['sync'], dir).code).toBe(0);
  });
  afterAll(() => removeTempDir(dir));

  describe('resources', () => {
    it('lists each resource with its record and event counts', () => {
      const rows = json<Record<string, unknown>[]>(runCli(['resources', '--json'], dir));
      expect(rows.map(({ resource, records, events }) => ({ resource, records, events }))).toEqual([
        { resource: 'contacts', records: 2, events: 3 },
        { resource: 'invoices', records: 2, events: 2 },
      ]);
    });

    it('prints a table by default', () => {
      const result = runCli(['resources'], dir);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^resource\s+records\s+events\s+last_synced_at/);
      expect(result.stdout).toMatch(/^contacts\s+2\s+3\s+\d{4}-/m);
    });
  });

  describe('describe', () => {
    it('lists the fields, the types seen, row count and freshness per source', () => {
      const result = runCli(['describe', 'contacts', '--json'], dir);
      expect(result.code).toBe(0);
      const description = json<{
        resource: string;
        records: number;
        events: number;
        fields: unknown[];
        freshness: {
          source: string;
          records: number;
          latestChange: string;
          lastSyncedAt: string;
        }[];
      }>(result);
      expect(description).toMatchObject({ resource: 'contacts', records: 2, events: 3 });
      expect(description.fields).toEqual([
        { field: 'age', types: ['real'], records: 1, example: '36.5' },
        { field: 'email', types: ['null', 'text'], records: 2, example: 'ada@example.com' },
        { field: 'name', types: ['text'], records: 2, example: 'Ada L' },
        { field: 'vip', types: ['boolean'], records: 1, example: 'true' },
      ]);
      expect(description.freshness).toEqual([
        {
          source: 'crm',
          records: 2,
          latestChange: '2024-01-02T00:00:00.000Z',
          lastSyncedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      ]);
    });

    it('prints the description as text', () => {
      const result = runCli(['describe', 'contacts'], dir);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('records   2 live, 3 events in the log');
      expect(result.stdout).toMatch(/^email\s+null \| text\s+2\s+ada@example.com$/m);
      expect(result.stdout).toMatch(/^crm\s+2\s+\S+\s+2024-01-02T00:00:00.000Z$/m);
    });

    it('names the known resources when asked for an unknown one', () => {
      const result = runCli(['describe', 'contact'], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        "oxide-mirror: unknown resource 'contact' (resources: contacts, invoices)\n",
      );
    });
  });

  describe('history', () => {
    it('shows every event of a record with the decision and the version after it', () => {
      const entries = json<
        {
          event: { position: number; delta: { payload: unknown } };
          decision: string;
          version: number;
        }[]
      >(runCli(['history', 'contacts', 'c1', '--json'], dir));
      expect(entries.map((entry) => [entry.event.position, entry.decision, entry.version])).toEqual(
        [
          [1, 'applied', 1],
          [3, 'applied', 2],
        ],
      );
      expect(entries[1]?.event.delta.payload).toEqual({
        name: 'Ada L',
        email: 'ada@example.com',
        age: 36.5,
      });
    });

    it('prints the history as a table', () => {
      const result = runCli(['history', 'contacts', 'c1'], dir);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        /^\s*1\s+2024-01-01T00:00:00.000Z\s+\S+\s+crm\s+1\s+upsert\s+applied\s+1\s+\{"age":36,"email":"ada@example.com","name":"Ada"/m,
      );
      expect(result.stdout).toMatch(
        /^\s*3\s+2024-01-02T00:00:00.000Z\s+\S+\s+crm\s+0.5\s+upsert\s+applied\s+2\s/m,
      );
      expect(result.stdout).toContain('(2 rows)');
    });

    it('shows the record as it stood at a time with --as-of', () => {
      const before = json<{ payload: unknown; version: number }>(
        runCli(['history', 'contacts', 'c1', '--as-of', '2024-01-01T12:00:00Z', '--json'], dir),
      );
      expect(before).toMatchObject({ payload: { name: 'Ada' }, version: 1 });
      const earlier = runCli(['history', 'contacts', 'c1', '--as-of', '2023-12-31T00:00:00Z'], dir);
      expect(earlier.stdout).toBe('contacts/c1 did not exist at 2023-12-31T00:00:00Z\n');
    });

    it('fails with exit 1 for a record with no events', () => {
      const result = runCli(['history', 'contacts', 'c9'], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('no events for contacts/c9');
    });

    it('is a usage error without a record id (exit 2)', () => {
      const result = runCli(['history', 'contacts'], dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("missing required argument 'id'");
    });
  });

  describe('events', () => {
    it('prints the log one event per line, oldest first', () => {
      const result = runCli(['events'], dir);
      expect(result.code).toBe(0);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(5);
      expect(lines[0]).toBe(
        '#1  2024-01-01T00:00:00.000Z  crm  upsert  contacts/c1  {"age":36,"email":"ada@example.com","name":"Ada"}',
      );
    });

    it('filters by source, resource, record and position, and limits', () => {
      const positions = (args: string[]): number[] =>
        runCli(['events', '--json', ...args], dir)
          .stdout.trimEnd()
          .split('\n')
          .map((line) => (JSON.parse(line) as { position: number }).position);
      expect(positions(['--source', 'billing'])).toEqual([4, 5]);
      expect(positions(['--resource', 'contacts', '--id', 'c1'])).toEqual([1, 3]);
      expect(positions(['--after', '2', '--limit', '2'])).toEqual([3, 4]);
    });
  });

  describe('cursor', () => {
    it('shows stored cursors', () => {
      const rows = json<Record<string, unknown>[]>(runCli(['cursor', 'show', '--json'], dir));
      expect(rows.map(({ source, resource, cursor }) => ({ source, resource, cursor }))).toEqual([
        { source: 'billing', resource: '*', cursor: '1' },
        { source: 'crm', resource: '*', cursor: '2' },
      ]);
    });
  });
});

describe('cursor reset', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
    writeConfig(dir, peopleConfig());
    runCli(['sync'], dir);
  });
  afterEach(() => removeTempDir(dir));

  it('makes the next sync start over, without applying anything twice', () => {
    const reset = runCli(['cursor', 'reset', 'crm'], dir);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain("removed 1 cursor of 'crm'");
    const report = json<{ runs: { pulled: number; applied: number; duplicates: number }[] }>(
      runCli(['sync', 'crm', '--json'], dir),
    );
    expect(report.runs[0]).toMatchObject({ pulled: 3, applied: 0, duplicates: 3 });
  });

  it('fails for a source without a cursor', () => {
    const result = runCli(['cursor', 'reset', 'nobody'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("source 'nobody' has no stored cursor");
  });
});

describe('events --follow', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('prints events committed by another process while it runs, and ends on Ctrl-C', async () => {
    const config = peopleConfig();
    writeConfig(dir, config);
    expect(runCli(['sync', 'crm'], dir).code).toBe(0);
    const follower = startCli(['events', '--follow', '--json', '--interval', '50'], dir);
    let output = '';
    const seen = (count: number): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (output.trimEnd().split('\n').filter(Boolean).length >= count) {
            follower.stdout.off('data', onData);
            resolve();
          }
        };
        const onData = (chunk: Buffer): void => {
          output += chunk.toString();
          check();
        };
        follower.stdout.on('data', onData);
        check();
      });
    await seen(3);
    expect(runCli(['sync', 'billing'], dir).code).toBe(0);
    await seen(5);
    const exit = new Promise<number | null>((resolve) => follower.on('exit', resolve));
    follower.kill('SIGINT');
    expect(await exit).toBe(0);
    const sources = output
      .trimEnd()
      .split('\n')
      .map(
        (line) =>
          (JSON.parse(line) as { delta: { provenance: { source: string } } }).delta.provenance
            .source,
      );
    expect(sources).toEqual(['crm', 'crm', 'crm', 'billing', 'billing']);
  });
});

describe('a source added to the config later', () => {
  it('is synced without touching the others', () => {
    const dir = makeTempDir();
    try {
      const config = peopleConfig();
      writeConfig(dir, config);
      runCli(['sync'], dir);
      (config.sources as Record<string, unknown>).helpdesk = staticSource([
        [
          upsert(
            'tickets',
            't1',
            { email: 'ada@example.com', urgent: true },
            'helpdesk',
            '2024-01-04T00:00:00.000Z',
          ),
        ],
      ]);
      writeConfig(dir, config);
      const report = json<{ runs: { source: string; applied: number }[] }>(
        runCli(['sync', '--json'], dir),
      );
      expect(report.runs.map((run) => [run.source, run.applied])).toEqual([
        ['crm', 0],
        ['billing', 0],
        ['helpdesk', 1],
      ]);
    } finally {
      removeTempDir(dir);
    }
  });
});
