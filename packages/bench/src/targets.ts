import type { HttpResult } from './workloads/http-workload';
import type { IngestResult } from './workloads/ingest-workload';
import type { MemoryResult } from './workloads/memory-workload';
import type { QueryResult } from './workloads/query-workload';
import type { RebuildResult } from './workloads/rebuild-workload';

/** Peak RSS at the base size must stay under this, in MB. */
export const MAX_PEAK_RSS_MB = 300;
/** "No growth": the larger size's peak may exceed the base size's by this share at most. */
export const GROWTH_TOLERANCE = 0.1;

/** One of the targets, and whether this run met it. Informational: nothing fails on it. */
export interface TargetCheck {
  workload: 'W1' | 'W2' | 'W3' | 'W4' | 'W5';
  target: string;
  measured: string;
  met: boolean;
}

/** The results the targets are checked on; any workload may be missing. */
export interface TargetInputs {
  w1?: IngestResult | undefined;
  w2?: RebuildResult | undefined;
  w3?: QueryResult[] | undefined;
  w4?: MemoryResult | undefined;
  w5?: HttpResult | undefined;
}

const times = (ratio: number): string => `${ratio.toFixed(2)}×`;

/** Checks the targets on whatever workloads ran. */
export function checkTargets({ w1, w2, w3, w4, w5 }: TargetInputs): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const atLeast = (workload: TargetCheck['workload'], target: string, ratio: number, min: number) =>
    checks.push({ workload, target, measured: times(ratio), met: ratio >= min });
  const lww = w1?.project.find((entry) => entry.strategy === 'last-write-wins')?.series;
  if (w1 !== undefined && lww !== undefined) {
    atLeast('W1', 'last-write-wins ≥ 0.70× same-work', lww.rate / w1.sameWork.rate, 0.7);
    atLeast('W1', 'last-write-wins ≥ 0.40× bare', lww.rate / w1.bare.rate, 0.4);
  }
  if (w2 !== undefined && 'rebuild' in w2) {
    atLeast('W2', 'rebuild ≥ 0.80× raw replay', w2.rebuild.rate / w2.replay.rate, 0.8);
    if (lww !== undefined) {
      const ratio = w2.rebuild.rate / lww.rate;
      checks.push({
        workload: 'W2',
        target: 'rebuild faster than W1',
        measured: times(ratio),
        met: ratio > 1,
      });
    }
  }
  for (const query of w3 ?? []) {
    const ratio = query.project.elapsedMs / query.raw.elapsedMs;
    checks.push({
      workload: 'W3',
      target: `${query.query} ≤ 1.30× raw time`,
      measured: times(ratio),
      met: ratio <= 1.3,
    });
  }
  if (w4 !== undefined) checks.push(...memoryChecks(w4));
  if (w5 !== undefined) checks.push(...httpChecks(w5));
  return checks;
}

function httpChecks({ latency, bulk }: HttpResult): TargetCheck[] {
  const latencyRatio = latency.project.elapsedMs / latency.floorMs;
  const bulkRatio = bulk.project.elapsedMs / bulk.bare.elapsedMs;
  return [
    {
      workload: 'W5',
      target: "with latency ≤ 1.25× (largest listing's pages × latency)",
      measured: times(latencyRatio),
      met: latencyRatio <= 1.25,
    },
    {
      workload: 'W5',
      target: 'without latency ≤ 2× bare fetch-parse-insert',
      measured: times(bulkRatio),
      met: bulkRatio <= 2,
    },
  ];
}

function memoryChecks({ small, large }: MemoryResult): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const phases = [
    ['ingest', small.ingestPeakRssMb, large.ingestPeakRssMb],
    ['rebuild', small.rebuildPeakRssMb, large.rebuildPeakRssMb],
  ] as const;
  for (const [phase, base, scaled] of phases) {
    if (base === undefined || scaled === undefined) continue;
    checks.push({
      workload: 'W4',
      target: `${phase} peak RSS ≤ ${MAX_PEAK_RSS_MB} MB at ${small.deltas.toLocaleString('en-US')} deltas`,
      measured: `${base.toFixed(0)} MB`,
      met: base <= MAX_PEAK_RSS_MB,
    });
    const growth = scaled / base - 1;
    checks.push({
      workload: 'W4',
      target: `${phase}: no growth to ${large.deltas.toLocaleString('en-US')} deltas (≤ +${GROWTH_TOLERANCE * 100}%)`,
      measured: `${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%`,
      met: growth <= GROWTH_TOLERANCE,
    });
  }
  return checks;
}
