import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTimeTravelExample } from '../src/time-travel-example';

describe('time-travel example', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'oxide-time-travel-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('rebuilds with another strategy from the log and answers history and as-of questions', async () => {
    const result = await runTimeTravelExample(join(dir, 'mirror.db'));
    // Last-write-wins takes the scraper's 09:45 report; highest-confidence keeps the supplier's 09:30.
    expect(result.priceWithLastWriteWins).toBe(399);
    expect(result.rebuild).toEqual({ events: 4, records: 1, strategy: 'highest-confidence' });
    expect(result.priceWithHighestConfidence).toBe(479);
    expect(
      result.history.map((entry) => [
        entry.event.delta.provenance.source,
        entry.decision,
        entry.version,
      ]),
    ).toEqual([
      ['supplier', 'applied', 1],
      ['supplier', 'applied', 2],
      ['scraper', 'skipped', 2],
      ['scraper', 'skipped', 2],
    ]);
    // At 09:20 only the supplier's 09:00 price and the scraper's 09:10 one had happened.
    expect(result.at0920?.payload?.price).toBe(499);
  });
});
