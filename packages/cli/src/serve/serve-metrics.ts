import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SyncRun } from '@oxide-mirror/core';

/** Latest successful sync per source, read when Prometheus scrapes. */
export type LastSuccesses = () => Promise<Record<string, string | null>>;

/**
 * The Prometheus metrics of `oxide-mirror serve`, in a registry of its own (nothing global, so
 * two servers in one process never share counters): syncs, pages, deltas and rejects per
 * source, freshness lag per source, query durations and refusals.
 */
export class ServeMetrics {
  /** Where the metrics live; `/metrics` renders it. */
  readonly registry = new Registry();
  private readonly syncs: Counter<'source' | 'outcome'>;
  private readonly pages: Counter<'source'>;
  private readonly deltas: Counter<'source' | 'decision'>;
  private readonly rejects: Counter<'source'>;
  private readonly syncSeconds: Histogram<'source'>;
  private readonly querySeconds: Histogram<'client'>;
  private readonly refusals: Counter<'code'>;

  constructor(sources: readonly string[], lastSuccesses: LastSuccesses, now: () => number) {
    const registers = [this.registry];
    this.syncs = new Counter({
      name: 'oxide_mirror_syncs_total',
      help: 'Sync runs that ended, by source and outcome.',
      labelNames: ['source', 'outcome'],
      registers,
    });
    this.pages = counter('oxide_mirror_pages_total', 'Pages committed.', registers);
    this.deltas = new Counter({
      name: 'oxide_mirror_deltas_total',
      help: 'Deltas pulled, by source and whether they changed a record (applied) or not (skipped).',
      labelNames: ['source', 'decision'],
      registers,
    });
    this.rejects = counter(
      'oxide_mirror_rejects_total',
      'Records set aside in mirror_rejects.',
      registers,
    );
    this.syncSeconds = new Histogram({
      name: 'oxide_mirror_sync_duration_seconds',
      help: 'Duration of sync runs.',
      labelNames: ['source'],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers,
    });
    this.querySeconds = new Histogram({
      name: 'oxide_mirror_query_duration_seconds',
      help: 'Duration of read-only queries, by client.',
      labelNames: ['client'],
      buckets: [0.001, 0.005, 0.025, 0.1, 0.5, 1, 5, 30],
      registers,
    });
    this.refusals = new Counter({
      name: 'oxide_mirror_query_refusals_total',
      help: 'Queries refused or stopped, by error code.',
      labelNames: ['code'],
      registers,
    });
    new Gauge({
      name: 'oxide_mirror_freshness_lag_seconds',
      help: 'Seconds since the latest successful sync of a source (absent: never synced).',
      labelNames: ['source'],
      registers,
      async collect() {
        const latest = await lastSuccesses();
        for (const source of sources) {
          const at = latest[source];
          if (typeof at === 'string') this.set({ source }, (now() - Date.parse(at)) / 1000);
        }
      },
    });
    for (const source of sources) {
      for (const decision of ['applied', 'skipped']) this.deltas.inc({ source, decision }, 0);
      this.pages.inc({ source }, 0);
      this.rejects.inc({ source }, 0);
    }
  }

  /** Counts a run that has ended. */
  recordRun(run: SyncRun): void {
    const source = run.source;
    this.syncs.inc({ source, outcome: run.outcome });
    this.pages.inc({ source }, run.pages);
    this.deltas.inc({ source, decision: 'applied' }, run.applied);
    this.deltas.inc({ source, decision: 'skipped' }, run.skipped);
    this.rejects.inc({ source }, run.rejected);
    if (run.finishedAt !== undefined) {
      const seconds = (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
      this.syncSeconds.observe({ source }, seconds);
    }
  }

  /** Times one query of `client`, counting it as refused when it throws. */
  async timeQuery<T>(client: string, query: () => Promise<T>): Promise<T> {
    const end = this.querySeconds.startTimer({ client: clientKind(client) });
    try {
      return await query();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      this.refusals.inc({ code: typeof code === 'string' ? code : 'ERROR' });
      throw error;
    } finally {
      end();
    }
  }
}

function counter(name: string, help: string, registers: Registry[]): Counter<'source'> {
  return new Counter({ name, help, labelNames: ['source'], registers });
}

/** `mcp:<session id>` becomes `mcp`: a label per session would grow without bound. */
function clientKind(client: string): string {
  return client.split(':')[0] ?? client;
}
