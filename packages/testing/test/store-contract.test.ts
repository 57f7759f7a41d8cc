import type {
  AppliedDelta,
  ApplyBatchOptions,
  ConflictStrategy,
  Delta,
  MirrorStore,
  MirroredRecord,
  QueryLimits,
  QueryParams,
  QueryResult,
  QueryRow,
  RejectFilter,
  RejectedRecord,
} from '@oxide-mirror/core';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { storeScenarios, type OpenStore } from '@oxide-mirror/testing';

/** Passes everything to a real store; subclasses break one thing. */
class DelegatingStore implements MirrorStore {
  constructor(protected readonly inner: MirrorStore) {}
  applyDelta(delta: Delta, strategy: ConflictStrategy): Promise<AppliedDelta> {
    return this.inner.applyDelta(delta, strategy);
  }
  applyBatch(
    deltas: readonly Delta[],
    strategy: ConflictStrategy,
    options?: ApplyBatchOptions,
  ): Promise<AppliedDelta[]> {
    return this.inner.applyBatch(deltas, strategy, options);
  }
  getRecord(resource: string, recordId: string): Promise<MirroredRecord | undefined> {
    return this.inner.getRecord(resource, recordId);
  }
  listRecords(resource: string): Promise<MirroredRecord[]> {
    return this.inner.listRecords(resource);
  }
  recordCounts(): Promise<Record<string, number>> {
    return this.inner.recordCounts();
  }
  eventCount(resource?: string): Promise<number> {
    return this.inner.eventCount(resource);
  }
  listResources(): Promise<string[]> {
    return this.inner.listResources();
  }
  registerResource(name: string): Promise<void> {
    return this.inner.registerResource(name);
  }
  getCursor(source: string, resource?: string): Promise<string | undefined> {
    return this.inner.getCursor(source, resource);
  }
  setCursor(source: string, resource: string, cursor: string): Promise<void> {
    return this.inner.setCursor(source, resource, cursor);
  }
  deleteCursors(source: string, resource?: string): Promise<number> {
    return this.inner.deleteCursors(source, resource);
  }
  listRejects(filter?: RejectFilter): Promise<RejectedRecord[]> {
    return this.inner.listRejects(filter);
  }
  rejectCounts(): Promise<Record<string, number>> {
    return this.inner.rejectCounts();
  }
  query(sql: string, params?: QueryParams): Promise<QueryRow[]> {
    return this.inner.query(sql, params);
  }
  runQuery(sql: string, params?: QueryParams, limits?: Partial<QueryLimits>): Promise<QueryResult> {
    return this.inner.runQuery(sql, params, limits);
  }
  changes(): ReturnType<MirrorStore['changes']> {
    return this.inner.changes();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Applies a batch one delta at a time: a failure half-way leaves the first half written. */
class NonAtomicStore extends DelegatingStore {
  override async applyBatch(
    deltas: readonly Delta[],
    strategy: ConflictStrategy,
    options?: ApplyBatchOptions,
  ): Promise<AppliedDelta[]> {
    const outcomes: AppliedDelta[] = [];
    for (const delta of deltas) outcomes.push(await this.inner.applyDelta(delta, strategy));
    if (options?.cursor) {
      const { source, resource, cursor } = options.cursor;
      await this.inner.setCursor(source, resource, cursor);
    }
    return outcomes;
  }
}

/** Keeps one cursor per source, whatever the resource. */
class OneCursorPerSourceStore extends DelegatingStore {
  override getCursor(source: string): Promise<string | undefined> {
    return this.inner.getCursor(source, '*');
  }
  override setCursor(source: string, _resource: string, cursor: string): Promise<void> {
    return this.inner.setCursor(source, '*', cursor);
  }
}

function wrapped(wrap: (store: MirrorStore) => MirrorStore): { openStore: OpenStore } {
  return {
    openStore: async (path) =>
      wrap(await (path ? SqliteMirrorStore.open(path) : SqliteMirrorStore.inMemory())),
  };
}

describe('the store contract catches broken stores', () => {
  it('passes a store that only delegates (the baseline for the cases below)', async () => {
    const delegating = wrapped((store) => new DelegatingStore(store));
    for (const scenario of Object.values(storeScenarios)) await scenario.run(delegating);
  });

  it('fails a store whose batches are not atomic', async () => {
    await expect(
      storeScenarios.batchAtomicity.run(wrapped((store) => new NonAtomicStore(store))),
    ).rejects.toThrow(/events left by failed batches/);
  });

  it('fails a store that keeps one cursor per source', async () => {
    await expect(
      storeScenarios.cursorsRoundTrip.run(wrapped((store) => new OneCursorPerSourceStore(store))),
    ).rejects.toThrow(/getCursor\('crm'\) \(resource '\*'\)/);
  });
});
