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

interface SyncJson {
  database: string;
  outcome: string;
  runs: {
    id: number;
    source: string;
    outcome: string;
    pages: number;
    pulled: number;
    applied: number;
    skipped: number;
    cursorBefore?: string;
    cursorAfter?: string;
    error?: string;
    perResource: Record<string, { pulled: number }>;
  }[];
}

const AT = '2024-02-01T00:00:00.000Z';

/**
 * A source whose second page holds a delta with an impossible confidence, configured to fail on
 * it rather than set it aside.
 */
function failingOnSecondPage(): Record<string, unknown> {
  return {
    ...staticSource([
      [upsert('tickets', 't1', { title: 'Printer on fire' }, 'helpdesk', AT)],
      [upsert('tickets', 't2', { title: 'Bad' }, 'helpdesk', AT, 5)],
    ]),
    onInvalid: 'fail',
  };
}

describe('oxide-mirror sync', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('syncs every configured source and prints a report per source', () => {
    writeConfig(dir, peopleConfig());
    const result = runCli(['sync'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^source\s+outcome\s+pages\s+pulled\s+applied\s+skipped\s+duplicates\s+rejected\s+took\s+cursor$/,
    );
    const took = String.raw`(\d+ ms|\d+\.\d s)`;
    expect(lines[2]).toMatch(
      new RegExp(String.raw`^crm\s+ok\s+2\s+3\s+3\s+0\s+0\s+0\s+${took}\s+2$`),
    );
    expect(lines[3]).toMatch(
      new RegExp(String.raw`^billing\s+ok\s+1\s+2\s+2\s+0\s+0\s+0\s+${took}\s+1$`),
    );
    expect(result.stdout).toMatch(
      new RegExp(String.raw`sync ok: 2 sources in ${took}, 5 pulled, 5 applied → `),
    );
    expect(result.stdout).toContain(`5 applied → ${dir}`);
  });

  it('prints a JSON report with cursors before and after', () => {
    writeConfig(dir, peopleConfig());
    const report = json<SyncJson>(runCli(['sync', '--json'], dir));
    expect(report.outcome).toBe('ok');
    expect(report.runs).toMatchObject([
      {
        source: 'crm',
        outcome: 'ok',
        pages: 2,
        pulled: 3,
        applied: 3,
        skipped: 0,
        cursorAfter: '2',
      },
      { source: 'billing', outcome: 'ok', pages: 1, pulled: 2, applied: 2, cursorAfter: '1' },
    ]);
    expect(report.runs[0]?.cursorBefore).toBeUndefined();
    expect(report.runs[0]?.perResource).toEqual({
      contacts: { pulled: 3, applied: 3, skipped: 0, rejected: 0 },
    });
  });

  it('resumes each source from its cursor on the next run', () => {
    writeConfig(dir, peopleConfig());
    runCli(['sync'], dir);
    const again = json<SyncJson>(runCli(['sync', '--json'], dir));
    expect(again.runs[0]).toMatchObject({
      source: 'crm',
      pulled: 0,
      cursorBefore: '2',
      cursorAfter: '2',
    });
  });

  it('syncs only the sources named on the command line', () => {
    writeConfig(dir, peopleConfig());
    const report = json<SyncJson>(runCli(['sync', 'billing', '--json'], dir));
    expect(report.runs.map((run) => run.source)).toEqual(['billing']);
  });

  it('refuses a source that is not configured, naming the configured ones', () => {
    writeConfig(dir, peopleConfig());
    const result = runCli(['sync', 'crn'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("oxide-mirror: unknown source 'crn' (configured: crm, billing)\n");
  });

  it('exits 3 when a source fails after committing pages, and keeps what committed', () => {
    writeConfig(dir, { sources: { helpdesk: failingOnSecondPage() } });
    const result = runCli(['sync', '--json'], dir);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('oxide-mirror: sync partial: helpdesk failed (see the report)\n');
    const report = json<SyncJson>(result);
    expect(report.outcome).toBe('partial');
    expect(report.runs[0]).toMatchObject({
      outcome: 'partial',
      pages: 1,
      applied: 1,
      cursorAfter: '1',
    });
    expect(report.runs[0]?.error).toMatch(/stopped after 1 committed page\(s\).*confidence/);
    const rows = json<unknown[]>(
      runCli(['query', 'SELECT record_id FROM mirror_records', '--json'], dir),
    );
    expect(rows).toEqual([{ record_id: 't1' }]);
  });

  it('exits 3 when one source fails and another syncs, reporting the error in the text report', () => {
    const config = peopleConfig();
    (config.sources as Record<string, unknown>).broken = {
      ...staticSource([[upsert('tickets', 't9', { title: 'Bad' }, 'broken', AT, -1)]]),
      onInvalid: 'fail',
    };
    writeConfig(dir, config);
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^broken\s+failed\s+0\s+0/m);
    expect(result.stdout).toMatch(/^broken: sync of 'broken' stopped after 0 committed page\(s\)/m);
    expect(result.stdout).toContain('sync partial: rerun to resume the failed sources');
  });

  it('exits 1 when every source fails before committing anything', () => {
    writeConfig(dir, {
      sources: {
        broken: {
          ...staticSource([[upsert('tickets', 't9', { title: 'Bad' }, 'broken', AT, 7)]]),
          onInvalid: 'fail',
        },
      },
    });
    const result = runCli(['sync', '--json'], dir);
    expect(result.code).toBe(1);
    expect(json<SyncJson>(result)).toMatchObject({
      outcome: 'failed',
      runs: [{ outcome: 'failed' }],
    });
  });

  it('records every run in sync_runs, queryable with SQL', () => {
    writeConfig(dir, peopleConfig());
    runCli(['sync'], dir);
    runCli(['sync', 'crm'], dir);
    const rows = json<Record<string, unknown>[]>(
      runCli(
        [
          'query',
          'SELECT id, source, outcome, pages, pulled, applied, cursor_before, cursor_after, error, ' +
            'finished_at >= started_at AS ordered FROM sync_runs ORDER BY id',
          '--json',
        ],
        dir,
      ),
    );
    expect(rows).toEqual([
      {
        id: 1,
        source: 'crm',
        outcome: 'ok',
        pages: 2,
        pulled: 3,
        applied: 3,
        cursor_before: null,
        cursor_after: '2',
        error: null,
        ordered: 1,
      },
      {
        id: 2,
        source: 'billing',
        outcome: 'ok',
        pages: 1,
        pulled: 2,
        applied: 2,
        cursor_before: null,
        cursor_after: '1',
        error: null,
        ordered: 1,
      },
      {
        id: 3,
        source: 'crm',
        outcome: 'ok',
        pages: 1,
        pulled: 0,
        applied: 0,
        cursor_before: '2',
        cursor_after: '2',
        error: null,
        ordered: 1,
      },
    ]);
  });

  it('needs a config with sources', () => {
    writeConfig(dir, { database: 'x.db' });
    const result = runCli(['sync'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no sources configured in');
  });
});
