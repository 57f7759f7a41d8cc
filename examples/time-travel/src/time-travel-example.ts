import {
  Syncer,
  type MirroredRecord,
  type RebuildReport,
  type RecordHistoryEntry,
} from '@oxide-mirror/core';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { HighestConfidence } from '@oxide-mirror/strategy-highest-confidence';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { minute, priceFeeds } from './price-feeds';

/** What the example found, step by step. */
export interface TimeTravelResult {
  /** The price after syncing with last-write-wins: the newest report wins, even the scraper's. */
  priceWithLastWriteWins: unknown;
  /** What the rebuild with highest-confidence did. */
  rebuild: RebuildReport;
  /** The price once the projection was rebuilt, from the log alone, with highest-confidence. */
  priceWithHighestConfidence: unknown;
  /** Every delta that reached the product, with the decision highest-confidence took. */
  history: RecordHistoryEntry[];
  /** The product as it stood at 09:20, on the sources' clock. */
  at0920: MirroredRecord | undefined;
}

/**
 * Syncs two price feeds with last-write-wins, changes its mind and rebuilds the projection with
 * highest-confidence — without asking the feeds again — then reads the product's history and its
 * state as of an earlier time.
 */
export async function runTimeTravelExample(databasePath: string): Promise<TimeTravelResult> {
  const store = await SqliteMirrorStore.open(databasePath, { strategy: new LastWriteWins() });
  try {
    const syncer = new Syncer({ store, strategy: new LastWriteWins(), sources: priceFeeds() });
    for (const id of syncer.sourceIds()) await syncer.syncSource(id);
    const priceWithLastWriteWins = (await store.getRecord('products', 'espresso-machine'))?.payload
      ?.price;

    const rebuild = await store.rebuild({ strategy: new HighestConfidence() });
    const priceWithHighestConfidence = (await store.getRecord('products', 'espresso-machine'))
      ?.payload?.price;
    const history = await store.history('products', 'espresso-machine');
    const at0920 = await store.recordAt('products', 'espresso-machine', minute(20));
    return { priceWithLastWriteWins, rebuild, priceWithHighestConfidence, history, at0920 };
  } finally {
    await store.close();
  }
}
