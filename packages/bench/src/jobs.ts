import type { QueryName } from './bench-queries';
import type { DataSpec } from './data-spec';
import type { Measurement } from './measurement';
import type { StrategyName } from './strategies';

/** Ingest with a hand-written baseline into a new file at `dbPath`. */
export interface RawIngestJob {
  kind: 'bare-ingest' | 'same-work-ingest';
  dbPath: string;
  data: DataSpec;
  /** Deltas per transaction. */
  batch: number;
}

/** Ingest through the project's public API (`Syncer` over `SqliteMirrorStore`) into `dbPath`. */
export interface ProjectIngestJob {
  kind: 'project-ingest';
  dbPath: string;
  data: DataSpec;
  batch: number;
  strategy: StrategyName;
}

/** Replay the log in `dbPath` into a fresh table with hand-written statements. */
export interface RawReplayJob {
  kind: 'raw-replay';
  dbPath: string;
  batch: number;
}

/** Rebuild the projection of the store at `dbPath` with `store.rebuild({ strategy })`. */
export interface ProjectRebuildJob {
  kind: 'project-rebuild';
  dbPath: string;
  strategy: StrategyName;
}

/** One W3 read and how many timed executions it gets. */
export interface QueryRead {
  query: QueryName;
  repetitions: number;
}

/**
 * Run W3 reads one after the other in one process, through the store or through raw
 * statements; one measurement per read. One process for all reads of a side saves a process
 * start and a store open per read, which cost more than the reads themselves.
 */
export interface QueryJob {
  kind: 'raw-query' | 'project-query';
  dbPath: string;
  reads: QueryRead[];
  /** The spec the database was generated from; lookups draw their keys from it. */
  data: DataSpec;
}

/**
 * Sync a fixture server's listings: through `HttpSource`, or with the bare fetch-parse-insert
 * loop; or only fetch them side by side (`http-fetch-lanes`, nothing stored).
 */
export interface HttpJob {
  kind: 'http-sync' | 'http-bare' | 'http-fetch-lanes';
  dbPath: string;
  /** The fixture server, `http://127.0.0.1:<port>`. */
  url: string;
  /** Its listing paths. */
  paths: string[];
}

/** Everything a benchmark worker can be asked to measure; plain data, sent to a child process. */
export type Job =
  RawIngestJob | ProjectIngestJob | RawReplayJob | ProjectRebuildJob | QueryJob | HttpJob;

/** What a worker sends back to the parent: one measurement per job, or one per read of a W3 job. */
export type WorkerReply = { ok: true; measurements: Measurement[] } | { ok: false; error: string };
