import type { ConflictStrategy, Resolution } from './conflict-strategy';
import type { Delta } from './delta';
import type { JsonObject } from './json';
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
  /** The options of the routed strategies that have any, keyed as in the name (`*` = fallback). */
  readonly options?: JsonObject;

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
    const options = optionsOf(fallback, routes);
    if (options !== undefined) this.options = options;
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

/** Every routed strategy's options by route, or undefined when none has any. */
function optionsOf(fallback: ConflictStrategy, routes: StrategyRoutes): JsonObject | undefined {
  const entries = [
    ['*', fallback] as const,
    ...Object.entries(routes.byResource ?? {}).map(([key, s]) => [`resource:${key}`, s] as const),
    ...Object.entries(routes.bySource ?? {}).map(([key, s]) => [`source:${key}`, s] as const),
  ].flatMap(([key, strategy]) =>
    strategy.options === undefined ? [] : [[key, strategy.options] as const],
  );
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}
