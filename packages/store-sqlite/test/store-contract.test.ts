import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { FakeClock, runStoreContract } from '@oxide-mirror/testing';

runStoreContract('SqliteMirrorStore', {
  openStore: (path) => {
    const clock = new FakeClock();
    return path === undefined
      ? SqliteMirrorStore.inMemory({ clock })
      : SqliteMirrorStore.open(path, { clock });
  },
});
