import type { BenchSession } from '../bench-session';
import { storeCanRebuild } from '../measurements/project-rebuild';
import { SeriesCollector, type Series } from '../series';

/** W2's results, or why it did not run. */
export type RebuildResult =
  | { skipped: string }
  | {
      events: number;
      /** Raw: read the log in position order, decide, upsert into a fresh table. */
      replay: Series;
      /** The project: `store.rebuild({ strategy: last-write-wins })`. */
      rebuild: Series;
    };

/**
 * W2 rebuild: per run, the raw replay baseline and the project's `rebuild`, both
 * last-write-wins, both over the shared event log, each in a fresh process. Skipped when the
 * store has no `rebuild` yet.
 */
export async function runRebuildWorkload(session: BenchSession): Promise<RebuildResult> {
  if (!storeCanRebuild()) return { skipped: 'store has no rebuild yet' };
  const { runs, batch } = session.options;
  const dbPath = await session.sharedLog();
  const collected = new SeriesCollector();
  for (let run = 1; run <= runs; run++) {
    const label = (name: string): string => `W2 run ${run}/${runs}: ${name}`;
    collected.add(
      'raw replay',
      await session.measure(label('raw replay'), { kind: 'raw-replay', dbPath, batch }),
    );
    collected.add(
      'project rebuild',
      await session.measure(label('project rebuild'), {
        kind: 'project-rebuild',
        dbPath,
        strategy: 'last-write-wins',
      }),
    );
  }
  const replay = collected.series('raw replay');
  return {
    events: replay.runs[0]?.units ?? 0,
    replay,
    rebuild: collected.series('project rebuild'),
  };
}
