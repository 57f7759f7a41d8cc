import type { Database, Statement } from 'better-sqlite3';
import type { QueryLimits, QueryParams, QueryResult } from '@oxide-mirror/core';
import { openReader } from '../open-connections';
import { isBoundedProgram, programOf } from './bounded-program';
import { exactIntegersIn } from './exact-integers';
import { SchemaVersion } from './schema-version';
import { collectRows, weightOf } from './row-collector';
import { forbidFunctions, prepareReadOnly } from './statement-guard';

/** Statements kept ready in the store's process. */
const CAPACITY = 256;

/** Parameters larger than this (text and blobs together) always go to a query process. */
const MAX_PARAMETER_BYTES = 4096;

interface Admitted {
  statement: Statement;
  columns: string[];
  /** The database's schema version when the statement was admitted. */
  schemaVersion: number;
}

/**
 * Statements a query process found to be bounded programs (see `isBoundedProgram`: no loop over
 * rows, so their time and result size do not grow with the data), run in the store's own process
 * without a round trip: a repeated point lookup costs what the prepared statement costs. Only SQL
 * text a query process compiled quickly, checked and ran first is ever compiled here. A statement
 * is admitted for one schema version: when the store's views change, the next run goes back to a
 * query process, which checks the new program.
 */
export class BoundedQueries {
  private connection: BoundedConnection | undefined;
  private readonly admitted = new Map<string, Admitted>();

  constructor(
    private readonly databasePath: string,
    private readonly busyTimeoutMs: number,
  ) {}

  /** Runs `sql` here when it was admitted; undefined when it must go to a query process. */
  run(
    sql: string,
    params: QueryParams | undefined,
    limits: Pick<QueryLimits, 'maxRows' | 'maxBytes'>,
  ): QueryResult | undefined {
    const entry = this.admitted.get(sql);
    if (entry === undefined || !smallParameters(params)) return undefined;
    // Re-insert so that the map's order is least recently used first.
    this.admitted.delete(sql);
    this.admitted.set(sql, entry);
    try {
      const rows = (this.connection as BoundedConnection).rows(entry, params);
      if (rows === undefined) {
        this.admitted.delete(sql);
        return undefined;
      }
      return collectRows(entry.columns, rows, limits);
    } catch {
      // A query process runs it again and reports the error as it does for any query.
      return undefined;
    }
  }

  /**
   * Keeps `sql`, which a query process found bounded, ready to run here — once this connection's
   * own compilation of it, on a schema it has brought up to date, is found bounded too.
   */
  admit(sql: string, params: QueryParams | undefined): void {
    if (this.admitted.has(sql)) return;
    this.connection ??= new BoundedConnection(openReader(this.databasePath, this.busyTimeoutMs));
    try {
      const entry = this.connection.admit(sql, params);
      if (entry === undefined) return;
      this.admitted.set(sql, entry);
      if (this.admitted.size > CAPACITY) {
        this.admitted.delete(this.admitted.keys().next().value as string);
      }
    } catch {
      // Compiles only with what a query process has (`mirror_records_as_of`): stays there.
    }
  }

  /** Closes the connection. */
  close(): void {
    this.admitted.clear();
    this.connection?.close();
    this.connection = undefined;
  }
}

/** The store-side read-only connection; each of its reads is one read transaction. */
class BoundedConnection {
  private readonly schema: SchemaVersion;
  /** Compiles and checks `sql` on the schema it then runs on; undefined when not bounded. */
  readonly admit: (sql: string, params: QueryParams | undefined) => Admitted | undefined;
  /** An admitted statement's rows; undefined when the schema changed since its admission. */
  readonly rows: (entry: Admitted, params: QueryParams | undefined) => unknown[][] | undefined;

  constructor(private readonly db: Database) {
    forbidFunctions(db);
    this.schema = new SchemaVersion(db);
    this.admit = db.transaction((sql, params) => {
      const schemaVersion = this.schema.refreshed();
      if (!isBoundedProgram(programOf(db, sql, params))) return undefined;
      const statement = prepareReadOnly(db, sql).raw(true).safeIntegers(true);
      const columns = statement.columns().map((column) => column.name);
      return { statement, columns, schemaVersion };
    });
    this.rows = db.transaction((entry, params) => {
      if (this.schema.read() !== entry.schemaVersion) return undefined;
      // A bounded program returns a handful of rows at most: reading them all at once is safe.
      const { statement } = entry;
      const rows = (
        params === undefined ? statement.all() : statement.all(params as never)
      ) as unknown[][];
      return rows.map(exactIntegersIn);
    });
  }

  close(): void {
    this.db.close();
  }
}

function smallParameters(params: QueryParams | undefined): boolean {
  if (params === undefined) return true;
  let bytes = 0;
  for (const value of Object.values(params)) bytes += weightOf(value);
  return bytes <= MAX_PARAMETER_BYTES;
}
