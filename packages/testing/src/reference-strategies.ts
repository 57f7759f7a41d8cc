import {
  Resolutions,
  compiledModule,
  isOlderThan,
  strategyPluginAt,
  type ConflictStrategy,
  type StrategyPluginRef,
  type MirroredRecord,
} from '@oxide-mirror/core';

/** Where a kit strategy's plugin is, for a store that builds strategies on another thread. */
function kitPlugin(exportName: string): StrategyPluginRef | undefined {
  return strategyPluginAt(
    compiledModule(() => __dirname, 'reference-strategy-plugins.js'),
    exportName,
  );
}

/**
 * Last-write-wins by `occurredAt`, the kit's own copy: the suites must not depend on a strategy
 * package, and this is the rule a source's deltas are meant to be projected with.
 */
export const kitLastWriteWins: ConflictStrategy = {
  name: 'kit-last-write-wins',
  plugin: kitPlugin('kitLastWriteWinsPlugin'),
  resolve: (existing, incoming) =>
    existing !== undefined && isOlderThan(incoming, existing)
      ? Resolutions.skip
      : Resolutions.apply,
};

/** Keeps whatever the store holds; only never-seen records land. */
export const kitKeepFirst: ConflictStrategy = {
  name: 'kit-keep-first',
  plugin: kitPlugin('kitKeepFirstPlugin'),
  resolve: (existing) => (existing === undefined ? Resolutions.apply : Resolutions.skip),
};

/** Merges an upsert's top-level keys over a live record's payload; everything else applies. */
export const kitShallowMerge: ConflictStrategy = {
  name: 'kit-shallow-merge',
  plugin: kitPlugin('kitShallowMergePlugin'),
  resolve: (existing, incoming) =>
    existing?.payload && !existing.deleted && incoming.op === 'upsert' && incoming.payload
      ? Resolutions.merge({ ...existing.payload, ...incoming.payload })
      : Resolutions.apply,
};

/** A strategy that remembers (copies of) every record it was shown, then answers like `inner`. */
export function recordingStrategy(inner: ConflictStrategy): ConflictStrategy & {
  readonly seen: (MirroredRecord | undefined)[];
} {
  const seen: (MirroredRecord | undefined)[] = [];
  return {
    name: inner.name,
    seen,
    resolve(existing, incoming) {
      seen.push(existing === undefined ? undefined : structuredClone(existing));
      return inner.resolve(existing, incoming);
    },
  };
}
