// A library sync from an ES module, as the README shows it.
import { Delta, Syncer } from '@oxide-mirror/core';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { StaticSource } from '@oxide-mirror/source-static';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';

const store = await SqliteMirrorStore.inMemory();
const syncer = new Syncer({ store, strategy: new LastWriteWins() });
syncer.registerSource(
  StaticSource.fromDeltas('crm', [Delta.upsert('contacts', 'c1', { name: 'Ada' }, 'crm')]),
);
const report = await syncer.syncSource('crm');
const rows = await store.query(
  "SELECT json_extract(payload, '$.name') AS name FROM mirror_records",
);
await store.close();
if (report.applied !== 1 || rows[0]?.name !== 'Ada') {
  throw new Error(`unexpected: ${JSON.stringify({ report, rows })}`);
}
console.log(`${process.argv[2] ?? 'ES module'} sync: applied 1, read back Ada`);
