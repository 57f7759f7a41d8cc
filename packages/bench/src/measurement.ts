/** What one measured job reports back from its child process. */
export interface Measurement {
  /** Work items done in the timed section: deltas, events or query executions. */
  units: number;
  /** Length of the timed section, in milliseconds. */
  elapsedMs: number;
  /** The process's peak resident set (`process.resourceUsage().maxRSS`), in MB (2^20 bytes). */
  peakRssMb: number;
  /** Highest `process.memoryUsage().rss` sampled during the job, in MB. */
  sampledPeakRssMb: number;
  /** Counts that show the job did the expected work (applied, skipped, records, rows, …). */
  details: Record<string, number>;
}

/** Units per second of a measurement. */
export function rateOf(measurement: Pick<Measurement, 'units' | 'elapsedMs'>): number {
  return measurement.elapsedMs > 0 ? (measurement.units * 1000) / measurement.elapsedMs : 0;
}
