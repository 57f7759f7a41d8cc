import { formatRatios, ratiosToFloor, runRatios, type RunRatios } from './run-ratios';
import type { Series } from './series';
import { storageOf } from './storage-figure';
import type { HttpResult } from './workloads/http-workload';
import type { IngestResult } from './workloads/ingest-workload';
import type { MemoryResult } from './workloads/memory-workload';
import type { QueryResult } from './workloads/query-workload';
import type { RebuildResult } from './workloads/rebuild-workload';

/** Peak RSS at the base size must stay under this, in MB. */
export const MAX_PEAK_RSS_MB = 300;
/** "Flat": the larger size's peak may exceed the base size's by this share at most. */
export const GROWTH_TOLERANCE = 0.1;
/** Database bytes per byte of payload JSON, at most (after W1 and after W5's bulk sync). */
export const MAX_STORAGE_RATIO = 1.6;

/** The most time a W3 read may take through the project, as a multiple of the raw time. */
const QUERY_TARGETS: Readonly<Record<QueryResult['query'], number>> = {
  'record-lookup': 1.2,
  'query-lookup': 2,
  'group-by': 1.1,
};

/** One target, and whether this run met it. Fails the benchmark's exit code only with `--check`. */
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

type Workload = TargetCheck['workload'];

const atLeast = (workload: Workload, target: string, ratios: RunRatios, min: number) => ({
  workload,
  target,
  measured: formatRatios(ratios),
  met: ratios.median >= min,
});

const atMost = (workload: Workload, target: string, ratios: RunRatios, max: number) => ({
  workload,
  target,
  measured: formatRatios(ratios),
  met: ratios.median <= max,
});

/** Checks every target on whatever workloads ran, in workload order. */
export function checkTargets({ w1, w2, w3, w4, w5 }: TargetInputs): TargetCheck[] {
  const lww = w1?.project.find((entry) => entry.strategy === 'last-write-wins')?.series;
  return [
    ...(w1 !== undefined && lww !== undefined ? ingestChecks(w1, lww) : []),
    ...(w2 !== undefined && 'rebuild' in w2 ? rebuildChecks(w2, lww) : []),
    ...(w3 ?? []).map((query) =>
      atMost(
        'W3',
        `${query.query} (${query.api}) ≤ ${QUERY_TARGETS[query.query]}× raw time`,
        runRatios(query.project, query.raw, 'time'),
        QUERY_TARGETS[query.query],
      ),
    ),
    ...(w4 === undefined ? [] : memoryChecks(w4)),
    ...(w5 === undefined ? [] : httpChecks(w5)),
  ];
}

function ingestChecks(w1: IngestResult, lww: Series): TargetCheck[] {
  return [
    atLeast('W1', 'last-write-wins ≥ 1.3× same-work', runRatios(lww, w1.sameWork, 'rate'), 1.3),
    atLeast('W1', 'last-write-wins ≥ 0.6× bare', runRatios(lww, w1.bare, 'rate'), 0.6),
    ...storageCheck('W1', 'database after W1 (last-write-wins)', lww),
  ];
}

function rebuildChecks(
  w2: Extract<RebuildResult, { rebuild: Series }>,
  lww: Series | undefined,
): TargetCheck[] {
  const checks = [
    atLeast('W2', 'rebuild ≥ 1.0× raw replay', runRatios(w2.rebuild, w2.replay, 'rate'), 1),
  ];
  if (lww !== undefined) {
    const ratios = runRatios(w2.rebuild, lww, 'rate');
    checks.push({
      ...atLeast('W2', 'rebuild faster than W1 ingest', ratios, 1),
      met: ratios.median > 1,
    });
  }
  return checks;
}

/** Database bytes per payload byte ≤ {@link MAX_STORAGE_RATIO}; nothing when sizes are missing. */
function storageCheck(
  workload: Workload,
  what: string,
  series: Series,
  payloadBytes?: number,
): TargetCheck[] {
  const figure = storageOf(series, payloadBytes);
  if (figure === undefined) return [];
  return [
    {
      workload,
      target: `${what} ≤ ${MAX_STORAGE_RATIO}× payload JSON`,
      measured: `${figure.ratio.toFixed(2)}×`,
      met: figure.ratio <= MAX_STORAGE_RATIO,
    },
  ];
}

function httpChecks({ latency, bulk }: HttpResult): TargetCheck[] {
  return [
    atMost(
      'W5',
      "with latency ≤ 1.25× (largest listing's pages × latency)",
      ratiosToFloor(latency.project, latency.floorMs),
      1.25,
    ),
    atMost(
      'W5',
      'without latency ≤ 2× bare fetch-parse-insert',
      runRatios(bulk.project, bulk.bare, 'time'),
      2,
    ),
    ...storageCheck('W5', 'database after the no-latency sync', bulk.project, bulk.payloadBytes),
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
      target: `${phase} peak RSS flat to ${large.deltas.toLocaleString('en-US')} deltas (≤ +${GROWTH_TOLERANCE * 100}%)`,
      measured: `${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}% (${scaled.toFixed(0)} MB)`,
      met: growth <= GROWTH_TOLERANCE,
    });
  }
  return checks;
}
