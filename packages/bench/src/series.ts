import { median } from './median';
import { rateOf, type Measurement } from './measurement';

/** One measurement repeated over the runs, summarized as the report shows it. */
export interface Series {
  /** What was measured, e.g. `raw bare` or `project last-write-wins`. */
  name: string;
  /** Median units per second over the runs. */
  rate: number;
  /** Median length of the timed section, in milliseconds. */
  elapsedMs: number;
  /** Highest peak RSS over the runs, in MB. */
  peakRssMb: number;
  /** Every run, in order. */
  runs: Measurement[];
}

/** Summarizes the runs of one measurement: medians of rate and time, the highest peak RSS. */
export function seriesOf(name: string, runs: readonly Measurement[]): Series {
  return {
    name,
    rate: median(runs.map(rateOf)),
    elapsedMs: median(runs.map((run) => run.elapsedMs)),
    peakRssMb: Math.max(...runs.map((run) => run.peakRssMb)),
    runs: [...runs],
  };
}

/** Collects measurements under names, keeping the order names first appear in. */
export class SeriesCollector {
  private readonly byName = new Map<string, Measurement[]>();

  /** Adds one run of the measurement `name`. */
  add(name: string, measurement: Measurement): Measurement {
    const runs = this.byName.get(name) ?? [];
    runs.push(measurement);
    this.byName.set(name, runs);
    return measurement;
  }

  /** The summary of `name`; throws if it never ran. */
  series(name: string): Series {
    const runs = this.byName.get(name);
    if (runs === undefined) throw new Error(`no runs of '${name}'`);
    return seriesOf(name, runs);
  }
}
