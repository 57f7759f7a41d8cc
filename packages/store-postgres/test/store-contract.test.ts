import { FakeClock, runStoreContract } from '@oxide-mirror/testing';
import { PostgresMirrorStore } from '@oxide-mirror/store-postgres';
import { createHash } from 'node:crypto';
import { describeWithPostgres, freshSchema, serverUrl } from './postgres-server';

describeWithPostgres('PostgreSQL store', () => {
  runStoreContract('PostgresMirrorStore', {
    // A path names the mirror to reopen: the same path is the same schema.
    openStore: (path, options = {}) =>
      PostgresMirrorStore.open({
        ...options,
        connectionString: serverUrl(),
        schema:
          path === undefined
            ? freshSchema()
            : `p_${createHash('sha1').update(path).digest('hex').slice(0, 20)}`,
        clock: new FakeClock(),
      }),
  });
});
