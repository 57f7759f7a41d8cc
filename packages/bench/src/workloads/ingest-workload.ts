import type { BenchSession } from '../bench-session';
import { SeriesCollector, type Series } from '../series';
import type { StrategyName } from '../strategies';

/** W1's results: the two raw baselines and the project with each strategy. */
export interface IngestResult {
  deltas: number;
  /** Raw: append + upsert, nothing else. */
  bare: Series;
  /** Raw: the project's per-delta work, last-write-wins. */
  sameWork: Series;
  /** The project through `Syncer`, one series per strategy. */
  project: { strategy: StrategyName; series: Series }[];
}

/**
 * W1 ingest: per run, the bare baseline, the same-work baseline and the project with each
 * strategy, each in a fresh process on a fresh file, interleaved so that drift of the machine
 * over the runs touches every series alike. The last run's first project database is kept as
 * the shared event log for W2 and W3.
 */
export async function runIngestWorkload(session: BenchSession): Promise<IngestResult> {
  const { runs, batch, strategies } = session.options;
  const data = session.data;
  const collected = new SeriesCollector();
  for (let run = 1; run <= runs; run++) {
    const label = (name: string): string => `W1 run ${run}/${runs}: ${name}`;
    for (const kind of ['bare-ingest', 'same-work-ingest'] as const) {
      const name = kind === 'bare-ingest' ? 'raw bare' : 'raw same-work';
      const dbPath = session.database(`w1-${kind}`);
      collected.add(name, await session.measure(label(name), { kind, dbPath, data, batch }));
      session.discard(dbPath);
    }
    for (const strategy of strategies) {
      const name = `project ${strategy}`;
      const dbPath = session.database(`w1-project-${strategy}-run${run}`);
      const job = { kind: 'project-ingest', dbPath, data, batch, strategy } as const;
      collected.add(name, await session.measure(label(name), job));
      if (run === runs && strategy === strategies[0]) session.adoptLog(dbPath);
      else session.discard(dbPath);
    }
  }
  return {
    deltas: data.deltas,
    bare: collected.series('raw bare'),
    sameWork: collected.series('raw same-work'),
    project: strategies.map((strategy) => ({
      strategy,
      series: collected.series(`project ${strategy}`),
    })),
  };
}
