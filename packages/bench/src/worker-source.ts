import type { Delta, PullResult, SyncSource } from '@oxide-mirror/core';
import type { DeltaGenerator } from './data-generator';

/**
 * A source of generated deltas under its own id, with record ids of its own: several of them
 * write one mirror without touching each other's records.
 */
export class WorkerSource implements SyncSource {
  constructor(
    readonly id: string,
    private readonly generator: DeltaGenerator,
    private readonly pageSize: number,
  ) {}

  async pull(cursor: string | undefined): Promise<PullResult> {
    const start = cursor === undefined ? 0 : Number(cursor);
    const deltas = this.generator.page(start, this.pageSize).map((delta): Delta => ({
      ...delta,
      recordId: `${this.id}-${delta.recordId}`,
      provenance: { ...delta.provenance, source: this.id },
    }));
    const end = start + deltas.length;
    return { deltas, nextCursor: String(end), hasMore: end < this.generator.size };
  }
}
