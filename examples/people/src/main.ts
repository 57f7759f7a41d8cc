import { resolve } from 'node:path';
import type { SyncReport } from '@oxide-mirror/core';
import { runPeopleExample } from './people-example';
import { formatTable } from './text-table';

/** Where the mirror goes when no path is given: the current directory, so re-runs find it. */
const DEFAULT_DATABASE = 'people-mirror.db';

function reportLine(report: SyncReport): string {
  const counts = `pulled ${report.pulled}, applied ${report.applied}, skipped ${report.skipped}`;
  // A re-run resumes from the stored cursor; say so, or "pulled 0" reads like a failure.
  const note = report.pulled === 0 ? ' (up to date: nothing new since the last sync)' : '';
  return `  ${report.source.padEnd(8)} ${counts}${note}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

async function main(): Promise<void> {
  const databasePath = resolve(process.argv[2] ?? DEFAULT_DATABASE);
  const { reports, sql, rows } = await runPeopleExample(databasePath);
  console.log(`Mirror: ${databasePath}\n`);
  console.log('Sync');
  for (const report of reports) console.log(reportLine(report));
  console.log('\nQuery: contacts with open invoices\n');
  console.log(indent(sql));
  console.log(`\n${indent(formatTable(rows))}`);
  console.log(`\n  (${rows.length} row${rows.length === 1 ? '' : 's'})`);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`people example failed: ${message}`);
  process.exitCode = 1;
});
