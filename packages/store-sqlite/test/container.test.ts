import 'reflect-metadata';
import {
  Delta,
  MirrorTokens,
  Resolutions,
  syncerFromContainer,
  type Clock,
  type PullResult,
  type SyncSource,
} from '@oxide-mirror/core';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { container as root, inject, injectable } from 'tsyringe';

/** A source built by the container: its clock arrives through constructor injection. */
@injectable()
class ClockedSource implements SyncSource {
  readonly id = 'clocked';
  constructor(@inject(MirrorTokens.clock) private readonly clock: Clock) {}
  async pull(): Promise<PullResult> {
    const occurredAt = this.clock.now();
    return {
      deltas: [
        Delta.upsert('ticks', '1', { at: occurredAt.toISOString() }, this.id, { occurredAt }),
      ],
      hasMore: false,
    };
  }
}

describe('composition with tsyringe', () => {
  it('builds a Syncer from the store, strategy and sources a container holds', async () => {
    const container = root.createChildContainer();
    const fixed: Clock = { now: () => new Date('2026-05-01T00:00:00Z') };
    container.registerInstance(MirrorTokens.clock, fixed);
    container.registerInstance(MirrorTokens.strategy, {
      name: 'apply-all',
      resolve: () => Resolutions.apply,
    });
    container.register(MirrorTokens.source, { useClass: ClockedSource });
    const store = await SqliteMirrorStore.inMemory({ clock: fixed });
    container.registerInstance(MirrorTokens.store, store);

    const syncer = syncerFromContainer(container);
    expect(syncer.sourceIds()).toEqual(['clocked']);
    const report = await syncer.syncSource('clocked');
    expect(report.applied).toBe(1);
    expect(await store.getRecord('ticks', '1')).toMatchObject({
      occurredAt: '2026-05-01T00:00:00.000Z',
      lastSyncedAt: '2026-05-01T00:00:00.000Z',
    });
    await store.close();
  });
});
