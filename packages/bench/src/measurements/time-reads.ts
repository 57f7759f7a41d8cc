import type { QueryJob, QueryRead } from '../jobs';
import type { Measurement } from '../measurement';
import type { MemorySampler } from '../memory-sampler';

/** What timing one read gives: the timed section's length and the rows it read. */
export interface ReadTiming {
  elapsedMs: number;
  rows: number;
}

/**
 * Times each read of a W3 job in turn with `timeRead`, then stops `memory`: every read's
 * measurement carries the process's peak RSS, since they share one process.
 */
export async function timeReads(
  job: QueryJob,
  memory: MemorySampler,
  timeRead: (read: QueryRead) => Promise<ReadTiming>,
): Promise<Measurement[]> {
  const timings: { read: QueryRead; timing: ReadTiming }[] = [];
  for (const read of job.reads) timings.push({ read, timing: await timeRead(read) });
  const peaks = memory.stop();
  return timings.map(({ read, timing }) => ({
    units: read.repetitions,
    elapsedMs: timing.elapsedMs,
    ...peaks,
    details: { rows: timing.rows },
  }));
}
