import { Delta, type MirrorChange } from '@oxide-mirror/core';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { concatMap, firstValueFrom, toArray } from 'rxjs';
import { memoryStore, upsertAt } from './fixtures';

describe('changes()', () => {
  it('shows a live subscriber an applied upsert of pets/1', async () => {
    const store = await memoryStore();
    const first = firstValueFrom(store.changes());
    await store.applyDelta(
      Delta.upsert('pets', '1', { name: 'Rex' }, 'petstore'),
      new LastWriteWins(),
    );
    expect(await first).toMatchObject({
      position: 1,
      decision: 'applied',
      version: 1,
      delta: { resource: 'pets', recordId: '1', payload: { name: 'Rex' } },
    });
    await store.close();
  });

  it('emits only after commit, and nothing for a batch that failed', async () => {
    const store = await memoryStore();
    const seen: MirrorChange[] = [];
    store.changes().subscribe((change) => seen.push(change));
    const bad = { ...upsertAt(2, 'b', { n: 2 }), op: 'nope' } as never;
    await expect(
      store.applyBatch([upsertAt(1, 'a', { n: 1 }), bad], new LastWriteWins()),
    ).rejects.toThrow();
    expect(seen).toEqual([]);
    await store.close();
  });

  it('reports skipped events and leaves out re-sent ones', async () => {
    const store = await memoryStore();
    const seen: MirrorChange[] = [];
    store.changes().subscribe((change) => seen.push(change));
    const newer = upsertAt(5, 'a', { n: 5 });
    await store.applyBatch([newer, upsertAt(1, 'a', { n: 1 }), newer], new LastWriteWins());
    expect(seen.map((change) => change.decision)).toEqual(['applied', 'skipped']);
    await store.close();
  });

  it('does not lose events for a slow subscriber', async () => {
    const store = await memoryStore();
    const total = 2000;
    const received = firstValueFrom(
      store.changes().pipe(
        concatMap(async (change) => {
          await new Promise((resolve) => setImmediate(resolve));
          return change.delta.recordId;
        }),
        toArray(),
      ),
    );
    const strategy = new LastWriteWins();
    for (let batch = 0; batch < total / 500; batch++) {
      const deltas = Array.from({ length: 500 }, (_, i) =>
        upsertAt(1, String(batch * 500 + i), { i }),
      );
      await store.applyBatch(deltas, strategy);
    }
    await store.close();
    const ids = await received;
    expect(ids).toHaveLength(total);
    expect(ids).toEqual(Array.from({ length: total }, (_, i) => String(i)));
  });
});
