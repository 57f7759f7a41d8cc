import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { json, makeTempDir, peopleConfig, removeTempDir, runCli, writeConfig } from './cli-harness';

// Every test runs the built binary in child processes; on a busy two-core machine a handful of
// runs can take longer than jest's default five seconds.
jest.setTimeout(120_000);

/** The answer worked out by hand from the demo data (see src/demo/demo-data.ts for why). */
const ANSWER = [
  {
    customer: 'Katherine Johnson',
    company: 'Orbital Mechanics Inc',
    email: 'katherine@orbit.space',
    urgent_ticket: 'Trajectory API returns 500',
    unpaid_invoices: 2,
    amount_due_eur: 2580,
    next_due: '2024-04-10',
  },
  {
    customer: 'Ada Lovelace',
    company: 'Analytical Engines Ltd',
    email: 'ada@analytical.io',
    urgent_ticket: 'Difference engine export fails',
    unpaid_invoices: 1,
    amount_due_eur: 340.5,
    next_due: '2024-04-15',
  },
  {
    customer: 'Grace Hopper',
    company: 'Eckert-Mauchly Corp',
    email: 'grace@cobol.dev',
    urgent_ticket: 'Compiler crashes on COBOL-85 input',
    unpaid_invoices: 1,
    amount_due_eur: 125.25,
    next_due: '2024-04-30',
  },
];

describe('oxide-mirror demo', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('syncs the three demo services into ./mirror.db and prints the answer and its SQL', () => {
    const result = runCli(['demo'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, 'mirror.db'))).toBe(true);
    expect(result.stdout).toMatch(/^crm\s+ok\s+\d+\s+14\s+14\s/m);
    expect(result.stdout).toMatch(/^helpdesk\s+ok\s+\d+\s+10\s+10\s/m);
    expect(result.stdout).toMatch(/^billing\s+ok\s+\d+\s+10\s+10\s/m);
    expect(result.stdout).toContain(
      'Which customers have an open urgent ticket and an unpaid invoice?',
    );
    expect(result.stdout).toMatch(
      /^Katherine Johnson\s+Orbital Mechanics Inc\s+katherine@orbit\.space\s+Trajectory API returns 500\s+2\s+2580\s+2024-04-10$/m,
    );
    expect(result.stdout).toMatch(/^Ada Lovelace\s+Analytical Engines Ltd\s+ada@analytical\.io\s/m);
    expect(result.stdout).toMatch(/^Grace Hopper\s+Eckert-Mauchly Corp\s+grace@cobol\.dev\s/m);
    expect(result.stdout).toContain('(3 rows)');
    expect(result.stdout).toContain('FROM crm_contacts AS contact');
  });

  it('leaves a mirror the other commands can read, with the same answer', () => {
    expect(runCli(['demo'], dir).code).toBe(0);
    const stdout = runCli(['demo'], dir).stdout;
    const sql = stdout.slice(stdout.indexOf('WITH urgent AS'), stdout.indexOf('\n\nTry next:'));
    const rows = runCli(['--db', 'mirror.db', 'query', sql, '--json'], dir);
    expect(json(rows)).toEqual(ANSWER);
    const status = json<{ source: string; lastOutcome: string }[]>(
      runCli(['--db', 'mirror.db', 'status', '--json'], dir),
    );
    expect(status.map((entry) => [entry.source, entry.lastOutcome])).toEqual([
      ['billing', 'ok'],
      ['crm', 'ok'],
      ['helpdesk', 'ok'],
    ]);
  });

  it('applies nothing twice when run again', () => {
    runCli(['demo'], dir);
    const again = runCli(['demo'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^crm\s+ok\s+\d+\s+14\s+0\s+14\s+14\s/m);
    const counts = json(
      runCli(
        ['--db', 'mirror.db', 'query', 'SELECT count(*) AS events FROM mirror_events', '--json'],
        dir,
      ),
    );
    expect(counts).toEqual([{ events: 34 }]);
  });

  it('refuses to write into a mirror that has other sources', () => {
    writeConfig(dir, peopleConfig());
    expect(runCli(['sync'], dir).code).toBe(0);
    const result = runCli(['demo'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'holds a mirror with other data (billing/invoices, crm/contacts)',
    );
    expect(runCli(['demo', '--db', 'demo.db'], dir).code).toBe(0);
  });
});
