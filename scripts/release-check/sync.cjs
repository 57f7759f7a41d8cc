// A library sync from CommonJS, as the README shows it.
const { Delta, Syncer } = require('@oxide-mirror/core');
const { SqliteMirrorStore } = require('@oxide-mirror/store-sqlite');
const { StaticSource } = require('@oxide-mirror/source-static');
const { LastWriteWins } = require('@oxide-mirror/strategy-last-write-wins');

(async () => {
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
  if (report.applied !== 1 || rows[0]?.name !== 'Ada')
    throw new Error(`unexpected: ${JSON.stringify({ report, rows })}`);
  console.log('CommonJS sync: applied 1, read back Ada');
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
