import { runInChild } from './child-runner';
import type { DataSpec } from './data-spec';
import type { Job } from './jobs';
import { rateOf, type Measurement } from './measurement';
import type { BenchOptions } from './options';
import { ScratchFiles } from './scratch-files';

/** Writes a progress line; the session sends them to stderr so stdout holds only the report. */
export type ProgressLog = (line: string) => void;

/**
 * What the workloads of one benchmark run share: the options, the generated-data spec, the
 * scratch databases, and the one event log that W2 and W3 read (W1 hands over a database it
 * made; without W1 it is made on first use).
 */
export class BenchSession {
  /** The data W1 ingests: `options.deltas` deltas over `options.records` records. */
  readonly data: DataSpec;
  private readonly files: ScratchFiles;
  private readonly databases = new Set<string>();
  private logPath: string | undefined;

  constructor(
    readonly options: BenchOptions,
    private readonly progress: ProgressLog,
  ) {
    this.files = ScratchFiles.create(options.dir);
    this.data = this.dataOf(options.deltas);
  }

  /** The data spec of a run with `deltas` deltas, otherwise as configured. */
  dataOf(deltas: number): DataSpec {
    const { records, payloadBytes, seed } = this.options;
    return { deltas, records, payloadBytes, seed };
  }

  /** Writes a progress line. */
  log(line: string): void {
    this.progress(line);
  }

  /** A new, empty database path, removed at clean-up. */
  database(name: string): string {
    const path = this.files.database(name);
    this.databases.add(path);
    return path;
  }

  /** Removes a database now, to keep the disk small during long runs. */
  discard(path: string): void {
    if (path === this.logPath) return;
    this.files.remove(path);
    this.databases.delete(path);
  }

  /** Runs `job` in a fresh child process, with a progress line before and after. */
  async measure(label: string, job: Job): Promise<Measurement> {
    const [measurement] = await this.measureAll(label, job);
    if (measurement === undefined) throw new Error(`${job.kind} measured nothing`);
    return measurement;
  }

  /** Like {@link measure}, for a job that makes several measurements; one progress line each. */
  async measureAll(label: string, job: Job): Promise<Measurement[]> {
    this.progress(`  ${label} …`);
    const measurements = await runInChild(job, { cpuProfDir: this.options.cpuProfDir });
    for (const measurement of measurements) {
      const rate = Math.round(rateOf(measurement)).toLocaleString('en-US');
      const seconds = (measurement.elapsedMs / 1000).toFixed(2);
      const rss = measurement.peakRssMb.toFixed(0);
      this.progress(`    ${rate}/s, ${seconds} s, peak RSS ${rss} MB`);
    }
    return measurements;
  }

  /** Makes `path` (a project database holding `options.deltas` events) the shared log. */
  adoptLog(path: string): void {
    if (this.logPath !== undefined && this.logPath !== path) this.discard(this.logPath);
    this.logPath = path;
  }

  /** The shared log; made with an unmeasured project ingest when no workload handed one over. */
  async sharedLog(): Promise<string> {
    if (this.logPath !== undefined) return this.logPath;
    const path = this.database('log');
    await this.measure('preparing the event log (project ingest, not part of the results)', {
      kind: 'project-ingest',
      dbPath: path,
      data: this.data,
      batch: this.options.batch,
      strategy: 'last-write-wins',
    });
    this.logPath = path;
    return path;
  }

  /** Removes every database (the whole folder if it was a temporary one) unless `--keep`. */
  cleanUp(): void {
    if (this.options.keep) {
      this.progress(`databases kept in ${this.files.dir}`);
      return;
    }
    this.files.cleanUp([...this.databases]);
  }
}
