import type { Measurement } from '../src/measurement';
import { seriesOf } from '../src/series';
import { checkTargets } from '../src/targets';
import type { IngestResult } from '../src/workloads/ingest-workload';

/** A series whose runs did `units` work in the given times. */
function series(name: string, elapsedMs: number[], details: Record<string, number> = {}) {
  const runs: Measurement[] = elapsedMs.map((ms) => ({
    units: 1000,
    elapsedMs: ms,
    peakRssMb: 100,
    sampledPeakRssMb: 100,
    details,
  }));
  return seriesOf(name, runs);
}

function ingest(projectMs: number[], sameWorkMs: number[], databaseBytes: number): IngestResult {
  return {
    deltas: 1000,
    bare: series('raw bare', [500, 500, 500]),
    sameWork: series('raw same-work', sameWorkMs),
    project: [
      {
        strategy: 'last-write-wins',
        series: series('project last-write-wins', projectMs, {
          databaseBytes,
          payloadBytes: 1000,
        }),
      },
    ],
  };
}

describe('the targets', () => {
  it("checks the median of the runs' ratios, each run against the same run of the baseline", () => {
    // Per run: 2.0×, 0.5×, 1.4× the same-work rate. The medians of the rates alone would give
    // 100 / 100 = 1.0× and fail; the runs' ratios have the median 1.4× and pass.
    const w1 = ingest([100, 200, 100], [200, 100, 140], 1500);
    const [sameWork, bare, storage] = checkTargets({ w1 });
    expect(sameWork).toMatchObject({
      target: 'last-write-wins ≥ 1.3× same-work',
      measured: '1.40× (runs 2.00, 0.50, 1.40)',
      met: true,
    });
    expect(bare).toMatchObject({ met: true });
    expect(storage).toMatchObject({ measured: '1.50×', met: true });
  });

  it('fails a run below a ratio and a database larger than 1.6× its payload JSON', () => {
    const w1 = ingest([100, 100, 100], [110, 110, 110], 1700);
    const checks = checkTargets({ w1 });
    expect(checks.map((check) => check.met)).toEqual([false, true, false]);
    expect(checks[2]).toMatchObject({
      target: 'database after W1 (last-write-wins) ≤ 1.6× payload JSON',
      measured: '1.70×',
    });
  });
});
