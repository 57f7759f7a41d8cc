import { median } from './median';
import { rateOf, type Measurement } from './measurement';
import type { Series } from './series';

/** A ratio taken run by run (run i of one series against run i of another), and its median. */
export interface RunRatios {
  /** The median of {@link runs}: the figure targets are checked on. */
  median: number;
  /** One ratio per run, in run order. */
  runs: number[];
}

/** What a ratio compares: rates (higher is better) or times (lower is better). */
export type RatioKind = 'rate' | 'time';

const valueOf = (kind: RatioKind, run: Measurement): number =>
  kind === 'rate' ? rateOf(run) : run.elapsedMs;

/**
 * `numerator` over `denominator`, run by run. Runs are interleaved (run i of every series is
 * measured before run i + 1 of any), so each run's ratio compares measurements taken minutes
 * apart, and the median of those ratios shrugs off a run that another process slowed down.
 */
export function runRatios(numerator: Series, denominator: Series, kind: RatioKind): RunRatios {
  const runs = numerator.runs.map((run, index) => {
    const other = denominator.runs[index] ?? denominator.runs[denominator.runs.length - 1];
    return other === undefined ? Number.NaN : valueOf(kind, run) / valueOf(kind, other);
  });
  return { median: median(runs), runs };
}

/** `series`' times over a fixed floor, run by run. */
export function ratiosToFloor(series: Series, floorMs: number): RunRatios {
  const runs = series.runs.map((run) => run.elapsedMs / floorMs);
  return { median: median(runs), runs };
}

/** A ratio as the report prints it: `1.04×`, with the runs' ratios when there are several. */
export function formatRatios({ median: middle, runs }: RunRatios): string {
  const figure = `${middle.toFixed(2)}×`;
  return runs.length < 2 ? figure : `${figure} (runs ${runs.map((r) => r.toFixed(2)).join(', ')})`;
}
