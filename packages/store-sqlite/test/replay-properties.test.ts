import type { ConflictStrategy, MirrorStore } from '@oxide-mirror/core';
import { HighestConfidence } from '@oxide-mirror/strategy-highest-confidence';
import { KeepLocal } from '@oxide-mirror/strategy-keep-local';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { MergeJson } from '@oxide-mirror/strategy-merge-json';
import { SourcePriority } from '@oxide-mirror/strategy-source-priority';
import { SqliteMirrorStore } from '@oxide-mirror/store-sqlite';
import { runReplayProperties } from '@oxide-mirror/testing';

const strategies: ConflictStrategy[] = [
  new LastWriteWins(),
  new HighestConfidence(),
  new KeepLocal(),
  new MergeJson(),
  new SourcePriority({ order: ['crm', 'billing'] }),
];

/** The record states, tombstones included, and the resource views' field catalog. */
async function storeTables(store: MirrorStore): Promise<unknown> {
  return [
    await store.query('SELECT * FROM mirror_record_state ORDER BY resource, record_id'),
    await store.query('SELECT * FROM mirror_resource_fields ORDER BY resource, ordinal'),
  ];
}

runReplayProperties('SqliteMirrorStore', {
  strategies,
  openStore: ({ strategy, clock }) => SqliteMirrorStore.inMemory({ strategy, clock }),
  snapshot: storeTables,
});
