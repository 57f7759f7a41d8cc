import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHttpBareBaseline } from '../src/http/http-bare-baseline';
import { fetchListingsSideBySide } from '../src/http/http-fetch-lanes';
import { fixturePage, startFixture, type HttpFixture } from '../src/http/http-fixture';
import { syncOverHttp } from '../src/http/http-sync-measurement';
import { parseBenchOptions } from '../src/options';

describe('the HTTP workload on a tiny run', () => {
  let dir: string;
  let fixture: HttpFixture;
  const spec = { resources: 2, recordsPerResource: 250, pageSize: 100, latencyMs: 2 };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bench-http-'));
    fixture = await startFixture(spec);
  });

  afterEach(async () => {
    await fixture.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages each listing to its end with records of about 430 bytes', () => {
    const last = JSON.parse(fixturePage(spec, 1, 3)) as { data: unknown[]; next_page: unknown };
    expect(last.data).toHaveLength(50);
    expect(last.next_page).toBeNull();
    const first = fixturePage(spec, 0, 1);
    expect(first.length / 100).toBeGreaterThan(380);
    expect(first.length / 100).toBeLessThan(480);
  });

  it('mirrors every record through HttpSource, as the bare loop stores them', async () => {
    const job = { url: fixture.url, paths: fixture.paths };
    const project = await syncOverHttp({ kind: 'http-sync', dbPath: join(dir, 'p.db'), ...job });
    const bare = await runHttpBareBaseline({
      kind: 'http-bare',
      dbPath: join(dir, 'b.db'),
      ...job,
    });
    expect(project.units).toBe(500);
    expect(project.details).toMatchObject({ applied: 500, liveRecords: 500, events: 500 });
    // The storage figure: the closed database against every record's own JSON.
    expect(project.details.databaseBytes).toBeGreaterThan(fixture.payloadBytes);
    const records = [1, 2, 3].flatMap(
      (page) => (JSON.parse(fixturePage(spec, 0, page)) as { data: unknown[] }).data,
    );
    const listingBytes = records.reduce<number>((sum, r) => sum + JSON.stringify(r).length, 0);
    // The second listing's records have the same lengths as the first's.
    expect(fixture.payloadBytes).toBe(2 * listingBytes);
    expect(bare).toMatchObject({ units: 500, details: { records: 500 } });
  });

  it('fetches every page of every listing when it only fetches them', async () => {
    const job = { url: fixture.url, paths: fixture.paths, dbPath: join(dir, 'unused.db') };
    const fetched = await fetchListingsSideBySide({ kind: 'http-fetch-lanes', ...job });
    expect(fetched).toMatchObject({ units: 500, details: { applied: 500 } });
  });

  it('is selected as w5, with the issue sizes by default', () => {
    expect(parseBenchOptions(['--workloads', 'w5'])).toMatchObject({
      workloads: ['w5'],
      httpRecords: 30_000,
      httpBulkRecords: 100_000,
    });
  });
});
