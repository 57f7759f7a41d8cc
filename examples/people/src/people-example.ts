import { Syncer, type QueryRow, type SyncReport } from '@oxide-mirror/core';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { UNPAID_BY_CONTACT_SQL, unpaidByContact } from './cross-source-query';
import { billingSource, crmSource } from './sources';

/** What one run of the example did and found. */
export interface ExampleResult {
  /** One report per source, CRM first, then billing. */
  reports: SyncReport[];
  /** The cross-source query that was run. */
  sql: string;
  /** Its rows: contacts with open invoices, largest amount due first. */
  rows: QueryRow[];
}

/**
 * Mirrors the CRM and billing sources into the SQLite file at `databasePath` and joins them
 * with SQL. Sync resumes from the cursors stored in the file, so a second run over the same
 * file pulls nothing new and returns the same rows.
 *
 * @example
 * const { reports, rows } = await runPeopleExample('people-mirror.db');
 */
export async function runPeopleExample(databasePath: string): Promise<ExampleResult> {
  const store = await SqliteMirrorStore.open(databasePath);
  try {
    const syncer = new Syncer({ store, strategy: new LastWriteWins() });
    syncer.registerSource(crmSource()).registerSource(billingSource());
    const reports: SyncReport[] = [];
    // In turn rather than in parallel, so the reports come back in registration order.
    for (const id of syncer.sourceIds()) reports.push(await syncer.syncSource(id));
    const rows = await unpaidByContact(store);
    return { reports, sql: UNPAID_BY_CONTACT_SQL, rows };
  } finally {
    await store.close();
  }
}
