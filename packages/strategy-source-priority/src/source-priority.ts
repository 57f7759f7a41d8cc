import {
  Resolutions,
  isOlderThan,
  type ConflictStrategy,
  type Delta,
  type JsonObject,
  type MirroredRecord,
  type Resolution,
  compiledModule,
  strategyPluginAt,
} from '@oxide-mirror/core';
import { parseSourcePriorityOptions, type SourcePriorityOptions } from './source-priority-options';

/** Rank of every source not listed: below all listed ones, equal among themselves. */
const UNLISTED = Number.POSITIVE_INFINITY;

/** Ranks (0 = highest) of one ordered list of sources. */
function ranksOf(order: readonly string[]): ReadonlyMap<string, number> {
  return new Map(order.map((source, rank) => [source, rank]));
}

/**
 * Trusts sources in a fixed order: data from a higher-priority source wins over what a
 * lower-priority source wrote, whatever the times; between deltas of one source (or of two
 * unlisted sources) the newer `occurredAt` wins, the incoming delta on a tie. Deletes follow the
 * same rule, and a tombstone keeps the priority of the source that deleted the record, so a
 * lower-priority source cannot bring it back.
 *
 * @example
 * // CRM data beats billing data, except for invoices, where billing decides.
 * const strategy = new SourcePriority({
 *   order: ['crm', 'billing'],
 *   byResource: { invoices: ['billing', 'crm'] },
 * });
 */
export class SourcePriority implements ConflictStrategy {
  /** Stable name recorded with every decision. */
  readonly name = 'source-priority';
  /** Its plugin, so a store can build it again on its writer thread. */
  readonly plugin = strategyPluginAt(compiledModule(() => __dirname, 'plugin.js'));
  /** The checked orders: recorded with the projection, so another order needs a rebuild. */
  readonly options: JsonObject;
  private readonly ranks: ReadonlyMap<string, number>;
  private readonly ranksByResource: ReadonlyMap<string, ReadonlyMap<string, number>>;

  /** Throws `PluginOptionsError` for an empty or repeating list. */
  constructor(options: SourcePriorityOptions) {
    const checked = parseSourcePriorityOptions(options);
    this.options =
      checked.byResource === undefined
        ? { order: checked.order }
        : { order: checked.order, byResource: checked.byResource };
    this.ranks = ranksOf(checked.order);
    this.ranksByResource = new Map(
      Object.entries(checked.byResource ?? {}).map(([resource, order]) => [
        resource,
        ranksOf(order),
      ]),
    );
  }

  /** The rank of `source` for `resource`: 0 is the highest priority. */
  rankOf(resource: string, source: string): number {
    return (this.ranksByResource.get(resource) ?? this.ranks).get(source) ?? UNLISTED;
  }

  /** Applies a new record, a higher-priority source, or a newer delta of an equal-priority one. */
  resolve(existing: MirroredRecord | undefined, incoming: Delta): Resolution {
    if (existing === undefined) return Resolutions.apply;
    const incomingRank = this.rankOf(incoming.resource, incoming.provenance.source);
    const heldRank = this.rankOf(incoming.resource, existing.source);
    if (incomingRank !== heldRank) {
      return incomingRank < heldRank ? Resolutions.apply : Resolutions.skip;
    }
    return isOlderThan(incoming, existing) ? Resolutions.skip : Resolutions.apply;
  }
}
