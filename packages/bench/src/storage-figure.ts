import { median } from './median';
import type { Series } from './series';

/** Database bytes per byte of raw payload JSON, after a workload (lower is better). */
export interface StorageFigure {
  /** The database on disk after the store closed, median over the runs. */
  databaseBytes: number;
  /** Bytes of payload JSON the source handed out. */
  payloadBytes: number;
  /** `databaseBytes / payloadBytes`. */
  ratio: number;
}

/**
 * The storage figure of a project series whose runs report `databaseBytes`; `payloadBytes` is
 * the raw JSON handed out (taken from the runs' `payloadBytes` detail when not given).
 * Undefined when the runs did not report sizes.
 */
export function storageOf(series: Series, payloadBytes?: number): StorageFigure | undefined {
  const sizes = series.runs.flatMap((run) => run.details.databaseBytes ?? []);
  const payload = payloadBytes ?? series.runs[0]?.details.payloadBytes;
  if (sizes.length === 0 || payload === undefined || payload <= 0) return undefined;
  const databaseBytes = median(sizes);
  return { databaseBytes, payloadBytes: payload, ratio: databaseBytes / payload };
}
