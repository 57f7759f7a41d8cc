import type { ConflictStrategy, Resolution } from './conflict-strategy';
import type { Delta } from './delta';
import type { MirroredRecord } from './mirrored-record';

/** Strategy overrides by resource and by source; a resource override wins over a source one. */
export interface StrategyRoutes {
  byResource?: Readonly<Record<string, ConflictStrategy>>;
  bySource?: Readonly<Record<string, ConflictStrategy>>;
}

/**
 * A strategy that hands each delta to the strategy configured for its resource or source, and to
 * `fallback` otherwise. Being a strategy itself, it is honoured by live syncs and by replays alike.
 *
 * @example
 * new RoutedStrategy(new LastWriteWins(), { byResource: { invoices: new KeepLocal() } });
 */
export class RoutedStrategy implements ConflictStrategy {
  readonly name: string;

  constructor(
    private readonly fallback: ConflictStrategy,
    private readonly routes: StrategyRoutes,
  ) {
    const describe = (kind: string, map?: Readonly<Record<string, ConflictStrategy>>): string[] =>
      Object.entries(map ?? {}).map(([key, strategy]) => `${kind}:${key}=${strategy.name}`);
    const overrides = [
      ...describe('resource', routes.byResource),
      ...describe('source', routes.bySource),
    ];
    this.name = overrides.length === 0 ? fallback.name : `${fallback.name}[${overrides.join(',')}]`;
  }

  /** The strategy that decides for `delta`. */
  strategyFor(delta: Delta): ConflictStrategy {
    return (
      this.routes.byResource?.[delta.resource] ??
      this.routes.bySource?.[delta.provenance.source] ??
      this.fallback
    );
  }

  resolve(existing: MirroredRecord | undefined, incoming: Delta): Resolution {
    return this.strategyFor(incoming).resolve(existing, incoming);
  }
}
