import type { ConflictStrategy, Resolution } from './conflict-strategy';
import type { Delta } from './delta';
import { StrategyError } from './errors';
import { isJsonObject } from './json';
import type { MirroredRecord } from './mirrored-record';

/**
 * Asks `strategy` for a resolution, and turns a throw or a malformed answer into a
 * {@link StrategyError}: a plugin's bug aborts the batch with a clear message instead of
 * projecting garbage.
 */
export function resolveConflict(
  strategy: ConflictStrategy,
  existing: MirroredRecord | undefined,
  incoming: Delta,
): Resolution {
  let resolution: Resolution;
  try {
    resolution = strategy.resolve(existing, incoming);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StrategyError(
      strategy.name,
      `threw on ${incoming.resource}/${incoming.recordId}: ${reason}`,
      {
        cause: error,
      },
    );
  }
  const kind = (resolution as { kind?: unknown } | undefined)?.kind;
  if (kind === 'apply' || kind === 'skip') return resolution;
  if (kind === 'merge') {
    if (incoming.op === 'delete')
      throw new StrategyError(strategy.name, 'returned merge for a delete');
    if (!isJsonObject((resolution as { payload?: unknown }).payload)) {
      throw new StrategyError(strategy.name, 'returned merge without a JSON object payload');
    }
    return resolution;
  }
  throw new StrategyError(
    strategy.name,
    `returned ${JSON.stringify(resolution)}, not a resolution`,
  );
}
