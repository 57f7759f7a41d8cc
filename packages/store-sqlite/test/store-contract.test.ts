import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { FakeClock, runStoreContract } from '@oxide-mirror/testing';

runStoreContract('SqliteMirrorStore', {
  openStore: (path, options) => {
    const settings = { clock: new FakeClock(), ...options };
    return path === undefined
      ? SqliteMirrorStore.inMemory(settings)
      : SqliteMirrorStore.open(path, settings);
  },
});
