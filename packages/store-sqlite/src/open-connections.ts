import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The store's connection to one database file (queries run in their own processes). */
export interface Connections {
  writer: Database.Database;
  /** Path of the database file. */
  path: string;
  /** False for a throwaway database, whose commits need not survive a power cut. */
  durable: boolean;
  /** Removes what was created for a throwaway database; a no-op for a user's file. */
  dispose(): void;
}

/**
 * The page size of a new database: 8 KiB pages took about 10% less CPU per ingested delta than
 * SQLite's default 4 KiB (fewer b-tree levels and page splits for the log's index and the record
 * table; 16 KiB gained no more) for the same file size.
 */
const PAGE_SIZE = 8192;

/**
 * The writer's settings beyond SQLite's defaults, chosen by measurement (BENCHMARKS.md, "Store
 * settings"). A sync page dirties pages all over the log's index and the record table, so with
 * the default checkpoint every 1,000 pages (4 MiB) nearly every commit ran a checkpoint, and each
 * checkpoint syncs the WAL and the database file to disk: those syncs were the largest cost of a
 * commit. Checkpointing every ~40 MiB of WAL does it once per several pages. Durability is
 * unchanged: with `synchronous = NORMAL` in WAL mode a commit survives a crash of the process, and
 * a power cut rolls back whole transactions — pages and their cursors together, so a sync resumes
 * exactly. The WAL file is cut back to 64 MiB after a checkpoint, and the page cache (2 MiB by
 * default) holds the hot part of the index and the record table of a large mirror.
 */
function writerTuning(pageSize: number): string[] {
  return [
    `wal_autocheckpoint = ${Math.round((40 * 1024 * 1024) / pageSize)}`,
    `journal_size_limit = ${64 * 1024 * 1024}`,
    `cache_size = -${32 * 1024}`,
  ];
}

/**
 * Gives a writing connection the store's settings: WAL, and {@link writerTuning}; `durable`
 * false (a throwaway database) lets commits skip syncing to disk.
 */
export function configureWriter(writer: Database.Database, durable: boolean): void {
  // Only a new file takes it (before its first table, and before WAL fixes the page size).
  writer.pragma(`page_size = ${PAGE_SIZE}`);
  writer.pragma('journal_mode = WAL');
  writer.pragma(durable ? 'synchronous = NORMAL' : 'synchronous = OFF');
  const pageSize = writer.pragma('page_size', { simple: true }) as number;
  for (const pragma of writerTuning(pageSize)) writer.pragma(pragma);
}

/** Caps the file at `bytes` through SQLite's page count limit. */
export function limitSize(db: Database.Database, bytes: number): void {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma(`max_page_count = ${Math.max(1, Math.floor(bytes / pageSize))}`);
}

/** Throwaway databases still on disk, removed when the process exits even without `close()`. */
const throwaway = new Set<string>();
let exitHookInstalled = false;

/**
 * Opens the writer (WAL, so readers never block it) on `path`; without `path`, on a throwaway
 * file in a private temporary folder. A throwaway database is a file, not `:memory:`, so that
 * the query processes can read it too.
 */
export function openConnections(path: string | undefined, busyTimeoutMs: number): Connections {
  const folder = path === undefined ? mkdtempSync(join(tmpdir(), 'oxide-mirror-')) : undefined;
  const file = folder === undefined ? (path as string) : join(folder, 'mirror.db');
  const writer = new Database(file, { timeout: busyTimeoutMs });
  // A throwaway database need not survive a power cut.
  configureWriter(writer, folder === undefined);
  if (folder !== undefined) rememberThrowaway(folder);
  const dispose = (): void => {
    if (folder === undefined) return;
    rmSync(folder, { recursive: true, force: true });
    throwaway.delete(folder);
  };
  return { writer, path: file, durable: folder === undefined, dispose };
}

/** A read-only connection to an existing database file. */
export function openReader(path: string, busyTimeoutMs: number): Database.Database {
  const reader = new Database(path, {
    readonly: true,
    fileMustExist: true,
    timeout: busyTimeoutMs,
  });
  reader.pragma('query_only = ON');
  return reader;
}

function rememberThrowaway(folder: string): void {
  throwaway.add(folder);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const left of throwaway) rmSync(left, { recursive: true, force: true });
  });
}

/**
 * Opens a database that must not be written: a read-only connection. Used for a file the process
 * may not write (or when asked); nothing is created or migrated, the journal mode is left as is.
 */
export function openReadOnlyConnections(path: string, busyTimeoutMs: number): Connections {
  return {
    writer: openReader(path, busyTimeoutMs),
    path,
    durable: true,
    dispose: () => undefined,
  };
}

/** True when `path` exists but this process could not write it (or create files beside it). */
export function isUnwritable(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    accessSync(path, constants.W_OK);
    accessSync(dirname(path), constants.W_OK);
    return false;
  } catch {
    return true;
  }
}
