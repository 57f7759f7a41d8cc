import type { HttpJob } from '../jobs';
import type { Measurement } from '../measurement';
import { MemorySampler } from '../memory-sampler';
import { openRawWriter } from '../baselines/raw-connection';
import { fetchFixturePage } from './http-fixture';

/**
 * The floor of a sync over HTTP without latency: fetch a page, `JSON.parse` it, insert its
 * records in one transaction, next page; listing after listing, one request at a time, with no
 * identity, no events and no decisions.
 */
export async function runHttpBareBaseline(job: HttpJob): Promise<Measurement> {
  const memory = MemorySampler.start();
  const db = openRawWriter(job.dbPath);
  try {
    db.exec(
      'CREATE TABLE items (resource TEXT, id TEXT, payload TEXT, PRIMARY KEY (resource, id))',
    );
    const insert = db.prepare('INSERT OR REPLACE INTO items VALUES (?, ?, ?)');
    const writePage = db.transaction((resource: string, records: { id: string }[]) => {
      for (const record of records) insert.run(resource, record.id, JSON.stringify(record));
    });
    let units = 0;
    const started = performance.now();
    for (const path of job.paths) {
      for (let page: number | null = 1; page !== null;) {
        const body = await fetchFixturePage(job.url, path, page);
        writePage(path, body.data);
        units += body.data.length;
        page = body.next_page;
        memory.sample();
      }
    }
    const elapsedMs = performance.now() - started;
    const rows = (db.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n;
    return { units, elapsedMs, ...memory.stop(), details: { records: rows } };
  } finally {
    db.close();
  }
}
