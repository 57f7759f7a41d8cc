import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { runPeopleExample } from '../src/people-example';

/**
 * Worked out by hand from the demo data. Left out, and why — each guards one behaviour:
 * Alan (his invoice is paid in billing's last page: the update landed), Barbara (her only open
 * invoice is voided: the billing delete landed), Edsger (open invoice, but the CRM deleted him),
 * Margaret (paid), accounts@wonka.example (no CRM contact). Ada's open invoice is typed
 * `Ada@Analytical.io`, so she is here only if the join ignores case; Grace's company is the
 * one from the CRM's update and her total adds two invoices (450.50 + 99.99).
 */
const EXPECTED_ROWS = [
  {
    name: 'Katherine Johnson',
    email: 'katherine@orbit.space',
    company: 'Orbital Mechanics Inc',
    open_invoices: 1,
    total_due: 2400,
    next_due: '2024-04-10',
  },
  {
    name: 'Grace Hopper',
    email: 'grace@cobol.dev',
    company: 'Remington Rand',
    open_invoices: 2,
    total_due: 550.49,
    next_due: '2024-03-01',
  },
  {
    name: 'Ada Lovelace',
    email: 'ada@analytical.io',
    company: 'Analytical Engines Ltd',
    open_invoices: 1,
    total_due: 300.25,
    next_due: '2024-04-15',
  },
];

describe('people example', () => {
  let dir: string;
  let databasePath: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oxide-mirror-people-'));
    databasePath = join(dir, 'people.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('syncs every page of both sources', async () => {
    const { reports } = await runPeopleExample(databasePath);
    expect(reports).toMatchObject([
      { source: 'crm', pulled: 9, applied: 9, skipped: 0, pages: 3 },
      { source: 'billing', pulled: 12, applied: 12, skipped: 0, pages: 3 },
    ]);
  });

  it('joins contacts to their open invoices on email', async () => {
    const { sql, rows } = await runPeopleExample(databasePath);
    expect(sql).toContain('mirror_records');
    expect(rows).toEqual(EXPECTED_ROWS);
  });

  it('pulls nothing new on a second run and returns the same rows', async () => {
    await runPeopleExample(databasePath);
    const second = await runPeopleExample(databasePath);
    expect(second.reports).toMatchObject([
      { source: 'crm', pulled: 0, applied: 0, skipped: 0 },
      { source: 'billing', pulled: 0, applied: 0, skipped: 0 },
    ]);
    expect(second.rows).toEqual(EXPECTED_ROWS);
  });

  it('leaves the records and the whole event log in the file', async () => {
    await runPeopleExample(databasePath);
    await runPeopleExample(databasePath);
    const store = await SqliteMirrorStore.open(databasePath);
    try {
      // 7 contacts less Edsger, 10 invoices less the voided one; every delta logged once.
      expect(await store.recordCounts()).toEqual({ billing_invoices: 9, crm_contacts: 6 });
      expect(await store.eventCount()).toBe(21);
      expect(await store.getRecord('crm_contacts', 'c-005')).toBeUndefined();
      expect((await store.getRecord('crm_contacts', 'c-002'))?.payload).toMatchObject({
        company: 'Remington Rand',
      });
    } finally {
      await store.close();
    }
  });
});
