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

  // Large pages go to the writer thread: its entry and the strategy's plugin load from the install.
  const strategy = new LastWriteWins();
  if (strategy.plugin === undefined)
    throw new Error('LastWriteWins names no plugin when installed');
  const threaded = await SqliteMirrorStore.inMemory({ writerThread: { startAtOpen: true } });
  const page = Array.from({ length: 600 }, (_, i) =>
    Delta.upsert('contacts', `c${i}`, { name: `contact ${i}` }, 'crm'),
  );
  const outcomes = await threaded.applyBatch(page, strategy);
  const counts = await threaded.recordCounts();
  await threaded.close();
  if (outcomes.length !== 600 || counts.contacts !== 600)
    throw new Error(`unexpected: ${JSON.stringify({ outcomes: outcomes.length, counts })}`);
  console.log('CommonJS sync: 600 records written on the writer thread');
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
