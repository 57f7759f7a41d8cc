import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The store's connection to one database file (queries run in their own processes). */
export interface Connections {
  writer: Database.Database;
  /** Path of the database file. */
  path: string;
  /** Removes what was created for a throwaway database; a no-op for a user's file. */
  dispose(): void;
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
  writer.pragma('journal_mode = WAL');
  // A throwaway database need not survive a power cut.
  writer.pragma(folder === undefined ? 'synchronous = NORMAL' : 'synchronous = OFF');
  if (folder !== undefined) rememberThrowaway(folder);
  const dispose = (): void => {
    if (folder === undefined) return;
    rmSync(folder, { recursive: true, force: true });
    throwaway.delete(folder);
  };
  return { writer, path: file, dispose };
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
  return { writer: openReader(path, busyTimeoutMs), path, dispose: () => undefined };
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
