import type { Clock, ConflictStrategy, MirrorStore } from '@oxide-mirror/core';
import type { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { FakeClock } from './fake-clock';

/** What a suite may ask of the store it opens. */
export interface OpenStoreOptions {
  /** The projection's strategy, given at open (a store built with another must refuse to open). */
  strategy?: ConflictStrategy;
}

/**
 * Opens the store a suite runs against. With a `path`, the store is the one that key names (a
 * file for SQLite; a schema or database named after it for a server) and must find everything
 * again when opened a second time (restart scenarios close and reopen it). Without one, it is a
 * fresh, empty store. The suite closes every store it opens.
 *
 * @example
 * const openStore: OpenStore = (path) =>
 *   path === undefined ? SqliteMirrorStore.inMemory() : SqliteMirrorStore.open(path);
 */
export type OpenStore = (path?: string, options?: OpenStoreOptions) => Promise<MirrorStore>;

/**
 * The default {@link OpenStore}: `@oxide-mirror/store-sqlite` (an optional peer dependency of this
 * kit) on a {@link FakeClock}, so recorded times are predictable. Throws a clear error when the
 * package is not installed; pass your own `openStore` to a suite then.
 */
export function sqliteStoreOpener(clock: Clock = new FakeClock()): OpenStore {
  return (path, options = {}) => {
    const { SqliteMirrorStore: Store } = loadSqliteStore();
    const settings = { clock, ...options };
    return path === undefined ? Store.inMemory(settings) : Store.open(path, settings);
  };
}

/** Loads the SQLite store only when it is used, so a kit user with another store never needs it. */
function loadSqliteStore(): { SqliteMirrorStore: typeof SqliteMirrorStore } {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer, loaded on first use
    return require('@oxide-mirror/store-sqlite') as { SqliteMirrorStore: typeof SqliteMirrorStore };
  } catch (error) {
    throw new Error(
      'the oxide-mirror testing kit needs a store: install @oxide-mirror/store-sqlite ' +
        '(a dev dependency is enough) or pass openStore to the suite',
      { cause: error },
    );
  }
}
