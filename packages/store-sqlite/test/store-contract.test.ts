import { SqliteMirrorStore, type SqliteStoreOptions } from '@oxide-mirror/store-sqlite';
import { FakeClock, runStoreContract } from '@oxide-mirror/testing';

/** The contract, with batches written here, and with every batch the thread takes on it. */
const settings: [string, SqliteStoreOptions][] = [
  ['SqliteMirrorStore', { writerThread: false }],
  ['SqliteMirrorStore on its writer thread', { writerThread: { minDeltas: 1, startAtOpen: true } }],
];

for (const [name, writing] of settings) {
  runStoreContract(name, {
    openStore: (path, options) => {
      const settings = { clock: new FakeClock(), ...writing, ...options };
      return path === undefined
        ? SqliteMirrorStore.inMemory(settings)
        : SqliteMirrorStore.open(path, settings);
    },
  });
}
