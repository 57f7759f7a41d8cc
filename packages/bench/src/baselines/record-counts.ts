import type { Database } from 'better-sqlite3';

/** Rows of a record-state table: every record the log touched, and the live ones. */
export interface RecordCounts {
  stateRows: number;
  liveRecords: number;
}

/** Counts the rows of a record-state table, so runs can be checked against each other. */
export function countRecords(db: Database, table: string): RecordCounts {
  const row = db
    .prepare(
      `SELECT count(*) AS stateRows, coalesce(sum(deleted = 0), 0) AS liveRecords FROM ${table}`,
    )
    .get() as RecordCounts;
  return { stateRows: row.stateRows, liveRecords: row.liveRecords };
}
