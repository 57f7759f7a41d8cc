import { rmSync } from 'node:fs';
import { Syncer, type SyncReport } from '@oxide-mirror/core';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { demoProducts } from './fake-api/demo-products';
import { FakeshopApi } from './fake-api/fakeshop-api';
import { oxideMirrorPlugin } from './plugin';

const API_KEY = 'demo-key';

function describe(label: string, report: SyncReport): string {
  return `${label}: ${report.pulled} pulled in ${report.pages} pages, ${report.applied} applied, ${report.duplicates} already mirrored`;
}

/**
 * Starts the fake API, mirrors it into a SQLite file through the plugin entry (as a host would
 * load it), changes a price and deletes a product upstream, syncs again and queries the result.
 */
async function main(): Promise<void> {
  const path = process.argv[2] ?? 'fakeshop-mirror.db';
  // Each run starts from an empty mirror, so its output is the same every time.
  for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
  const api = await FakeshopApi.start({ apiKey: API_KEY });
  const store = await SqliteMirrorStore.open(path);
  try {
    api.upsert(demoProducts());
    const source = await oxideMirrorPlugin.createSource(
      { baseUrl: api.url, apiKeyEnv: 'FAKESHOP_API_KEY', pageSize: 5 },
      { id: 'fakeshop', mirrored: store, baseDir: process.cwd(), secret: () => API_KEY },
    );
    const syncer = new Syncer({ store, strategy: new LastWriteWins() });
    console.log(describe('first sync', await syncer.syncWith(source)));

    api.upsert([
      { id: 'p04', name: 'Kettle', price_cents: 2999, updated_at: '2024-05-01T10:00:00.000Z' },
    ]);
    api.softDelete('p03', '2024-05-01T10:05:00.000Z');
    console.log(describe('second sync', await syncer.syncWith(source)));

    const rows = await store.query(
      `SELECT record_id AS id, json_extract(payload, '$.name') AS name,
              json_extract(payload, '$.price_cents') AS price_cents
         FROM mirror_records WHERE resource = 'fakeshop_products'
        ORDER BY price_cents DESC LIMIT 5`,
    );
    console.log('most expensive products in the mirror:');
    for (const row of rows)
      console.log(`  ${String(row.id)}  ${String(row.name).padEnd(16)} ${String(row.price_cents)}`);
    console.log(`mirror written to ${path}`);
  } finally {
    await store.close();
    await api.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
