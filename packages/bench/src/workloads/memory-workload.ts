import type { BenchSession } from '../bench-session';
import type { Measurement } from '../measurement';
import { storeCanRebuild } from '../measurements/project-rebuild';
import type { IngestResult } from './ingest-workload';
import type { RebuildResult } from './rebuild-workload';

/** Peak RSS of the project at one size. */
export interface MemoryPoint {
  deltas: number;
  /** Peak RSS of a W1 ingest (project, last-write-wins), in MB. */
  ingestPeakRssMb: number;
  /** Peak RSS of a W2 rebuild of that log, in MB; absent when the store cannot rebuild. */
  rebuildPeakRssMb?: number;
}

/** W4's results: the project's peak RSS at `deltas` and at `deltas × memory-scale`. */
export interface MemoryResult {
  small: MemoryPoint;
  large: MemoryPoint;
}

/** What earlier workloads measured at the base size, reused instead of measured again. */
export interface EarlierResults {
  ingest?: IngestResult | undefined;
  rebuild?: RebuildResult | undefined;
}

/**
 * W4 memory: the peak RSS (the worker's `maxRSS`) of the project's ingest and rebuild at the base
 * size — taken from W1 and W2 when they ran — and at `memory-scale` times as many deltas over the
 * same records, where bounded memory means no growth. One run: a peak is not a noisy figure, and
 * the large size is the longest job of the benchmark.
 */
export async function runMemoryWorkload(
  session: BenchSession,
  earlier: EarlierResults,
): Promise<MemoryResult> {
  const small = await basePoint(session, earlier);
  const scaled = session.options.deltas * session.options.memoryScale;
  const large = await measurePoint(session, scaled, 'w4-scaled');
  return { small, large };
}

/** The base size's peaks: W1's and W2's when they ran, else measured on a new database. */
async function basePoint(session: BenchSession, earlier: EarlierResults): Promise<MemoryPoint> {
  const deltas = session.options.deltas;
  const w1 = earlier.ingest?.project.find((entry) => entry.strategy === 'last-write-wins');
  const w2 = earlier.rebuild;
  const w2Rebuilt = w2 !== undefined && 'rebuild' in w2;
  if (w1 === undefined || (!w2Rebuilt && storeCanRebuild())) {
    return measurePoint(session, deltas, 'w4-base');
  }
  const point: MemoryPoint = { deltas, ingestPeakRssMb: w1.series.peakRssMb };
  if (w2Rebuilt) point.rebuildPeakRssMb = w2.rebuild.peakRssMb;
  return point;
}

/** Measures the ingest of `deltas` deltas into a new database, then its rebuild, then drops it. */
async function measurePoint(
  session: BenchSession,
  deltas: number,
  name: string,
): Promise<MemoryPoint> {
  const dbPath = session.database(name);
  const point: MemoryPoint = {
    deltas,
    ingestPeakRssMb: (await ingest(session, dbPath, deltas)).peakRssMb,
  };
  if (storeCanRebuild()) point.rebuildPeakRssMb = (await rebuild(session, dbPath)).peakRssMb;
  session.discard(dbPath);
  return point;
}

function ingest(session: BenchSession, dbPath: string, deltas: number): Promise<Measurement> {
  const label = `W4: project ingest, ${deltas.toLocaleString('en-US')} deltas`;
  return session.measure(label, {
    kind: 'project-ingest',
    dbPath,
    data: session.dataOf(deltas),
    batch: session.options.batch,
    strategy: 'last-write-wins',
  });
}

function rebuild(session: BenchSession, dbPath: string): Promise<Measurement> {
  return session.measure('W4: project rebuild', {
    kind: 'project-rebuild',
    dbPath,
    strategy: 'last-write-wins',
  });
}
