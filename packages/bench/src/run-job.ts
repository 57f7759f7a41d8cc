import { runBareBaseline } from './baselines/bare-baseline';
import { runRawQueries } from './baselines/raw-query-baseline';
import { runReplayBaseline } from './baselines/replay-baseline';
import { runSameWorkBaseline } from './baselines/same-work-baseline';
import { runHttpBareBaseline } from './http/http-bare-baseline';
import { fetchListingsSideBySide } from './http/http-fetch-lanes';
import { syncOverHttp } from './http/http-sync-measurement';
import type { Job, QueryJob } from './jobs';
import type { Measurement } from './measurement';
import { ingestWithProject } from './measurements/project-ingest';
import { queryWithProject } from './measurements/project-query';
import { rebuildWithProject } from './measurements/project-rebuild';

/** Runs one job in this process and measures it; the worker calls this in a fresh child. */
export async function runJob(job: Job): Promise<Measurement[]> {
  switch (job.kind) {
    case 'raw-query':
      return runRawQueries(job);
    case 'project-query':
      return queryWithProject(job);
    default:
      return [await runMeasurement(job)];
  }
}

/** Runs a job that makes one measurement. */
async function runMeasurement(job: Exclude<Job, QueryJob>): Promise<Measurement> {
  switch (job.kind) {
    case 'bare-ingest':
      return runBareBaseline(job);
    case 'same-work-ingest':
      return runSameWorkBaseline(job);
    case 'project-ingest':
      return ingestWithProject(job);
    case 'raw-replay':
      return runReplayBaseline(job);
    case 'project-rebuild':
      return rebuildWithProject(job);
    case 'http-sync':
      return syncOverHttp(job);
    case 'http-bare':
      return runHttpBareBaseline(job);
    case 'http-fetch-lanes':
      return fetchListingsSideBySide(job);
  }
}
