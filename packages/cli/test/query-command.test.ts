import { json, makeTempDir, peopleConfig, removeTempDir, runCli, writeConfig } from './cli-harness';

// Every test runs the built binary in child processes; on a busy two-core machine a handful of
// runs can take longer than jest's default five seconds.
jest.setTimeout(120_000);

const NAMES_SQL = `SELECT record_id AS id, json_extract(payload, '$.name') AS name, version
FROM mirror_records WHERE resource = 'contacts' ORDER BY record_id`;

describe('oxide-mirror query', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir();
    writeConfig(dir, peopleConfig());
    expect(runCli(['sync'], dir).code).toBe(0);
  });
  afterAll(() => removeTempDir(dir));

  it('prints a table with numbers right-aligned and a row count', () => {
    const result = runCli(['query', NAMES_SQL], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'id  name   version',
        '--  -----  -------',
        'c1  Ada L        2',
        'c2  Grace        1',
        '',
        '(2 rows)',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON rows with numbers as numbers', () => {
    const result = runCli(['query', NAMES_SQL, '--json'], dir);
    expect(result.code).toBe(0);
    expect(json(result)).toEqual([
      { id: 'c1', name: 'Ada L', version: 2 },
      { id: 'c2', name: 'Grace', version: 1 },
    ]);
  });

  it('prints integers beyond 2^53 with every digit, as JSON numbers and in tables', () => {
    const sql = 'SELECT 9007199254740993 AS big, -12345678901234567 AS negative, 5 AS small';
    const result = runCli(['query', sql, '--json'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout.replace(/\s+/g, '')).toBe(
      '[{"big":9007199254740993,"negative":-12345678901234567,"small":5}]',
    );
    expect(runCli(['query', sql], dir).stdout).toContain('9007199254740993  -12345678901234567');
  });

  it('prints CSV with a header, quoting what needs it and NULL as an empty field', () => {
    const result = runCli(
      [
        'query',
        `SELECT record_id, json_extract(payload, '$.email') AS email, payload FROM mirror_records
         WHERE resource = 'contacts' ORDER BY record_id`,
        '--csv',
      ],
      dir,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'record_id,email,payload\n' +
        'c1,ada@example.com,"{""age"":36.5,""email"":""ada@example.com"",""name"":""Ada L""}"\n' +
        'c2,,"{""email"":null,""name"":""Grace"",""vip"":true}"\n',
    );
  });

  it('binds --param values to ? placeholders, numbers as numbers', () => {
    const result = runCli(
      [
        'query',
        'SELECT record_id FROM mirror_records WHERE resource = ? AND version >= ?',
        '-p',
        'contacts',
        '-p',
        '2',
        '--json',
      ],
      dir,
    );
    expect(json(result)).toEqual([{ record_id: 'c1' }]);
  });

  it('joins resources from different sources', () => {
    const result = runCli(
      [
        'query',
        `SELECT json_extract(c.payload, '$.name') AS name, json_extract(i.payload, '$.amount') AS due
         FROM mirror_records c JOIN mirror_records i
           ON i.resource = 'invoices' AND json_extract(i.payload, '$.email') = json_extract(c.payload, '$.email')
         WHERE c.resource = 'contacts' AND json_extract(i.payload, '$.status') = 'open'`,
        '--json',
      ],
      dir,
    );
    expect(json(result)).toEqual([{ name: 'Ada L', due: 120.5 }]);
  });

  it('refuses SQL that would write, with exit code 1', () => {
    const result = runCli(['query', 'DELETE FROM mirror_records'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^oxide-mirror: query refused: /);
    const count = json(
      runCli(['query', 'SELECT count(*) AS n FROM mirror_records', '--json'], dir),
    );
    expect(count).toEqual([{ n: 4 }]);
  });

  it('reports SQL that SQLite cannot run, with exit code 1', () => {
    const result = runCli(['query', 'SELECT * FROM no_such_table'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no such table: no_such_table');
  });

  it('treats --json with --csv as a usage error (exit 2)', () => {
    const result = runCli(['query', 'SELECT 1', '--json', '--csv'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--json' cannot be used with option '--csv'");
  });

  it('reads a database given with --db, without a config file', () => {
    const other = makeTempDir();
    try {
      const result = runCli(
        ['query', 'SELECT count(*) AS n FROM mirror_records', '--json', '--db', `${dir}/mirror.db`],
        other,
      );
      expect(result.stderr).toBe('');
      expect(json(result)).toEqual([{ n: 4 }]);
    } finally {
      removeTempDir(other);
    }
  });

  it('says there is no mirror yet rather than creating an empty one', () => {
    const other = makeTempDir();
    try {
      const result = runCli(['query', 'SELECT 1', '--db', 'missing.db'], other);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `no mirror at ${other}/missing.db: run \`oxide-mirror sync\` first`,
      );
    } finally {
      removeTempDir(other);
    }
  });
});
