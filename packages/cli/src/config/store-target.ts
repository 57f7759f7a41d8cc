import { resolve } from 'node:path';
import type { DatabaseSpec } from './config-schema';

/** The package a SQLite path stands for. */
export const SQLITE_STORE = '@oxide-mirror/store-sqlite';
/** The package a `postgres://` URL stands for. */
export const POSTGRES_STORE = '@oxide-mirror/store-postgres';

/** The store plugin a config's `database` names, with the options to open it with. */
export interface StoreTarget {
  /** Package name or relative path of the store plugin. */
  use: string;
  /** Its options, as config gives them (`{ "$env": … }` references still unresolved). */
  options: unknown;
  /** Where the mirror is, for messages: a path, or a URL without its password. */
  label: string;
  /** The SQLite file, when the mirror is one (the demo and `check` ask). */
  sqlitePath?: string;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/**
 * Reads a config's `database`: a `postgres://` URL opens `@oxide-mirror/store-postgres` with
 * `{ url }` (its password comes from the environment, never the config), an object names a store
 * package and its options, and any other text is a SQLite file path relative to `dir`.
 */
export function storeTargetOf(spec: DatabaseSpec, dir: string): StoreTarget {
  if (typeof spec !== 'string') {
    return { use: spec.use, options: spec.options, label: spec.use };
  }
  if (POSTGRES_URL.test(spec)) {
    return { use: POSTGRES_STORE, options: { url: spec }, label: withoutPassword(spec) };
  }
  const path = resolve(dir, spec);
  return { use: SQLITE_STORE, options: { path }, label: path, sqlitePath: path };
}

/** The URL with any password replaced, so it can be printed. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  }
}
