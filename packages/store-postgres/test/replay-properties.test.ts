import type { ConflictStrategy, MirrorStore } from '@oxide-mirror/core';
import { HighestConfidence } from '@oxide-mirror/strategy-highest-confidence';
import { KeepLocal } from '@oxide-mirror/strategy-keep-local';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { MergeJson } from '@oxide-mirror/strategy-merge-json';
import { SourcePriority } from '@oxide-mirror/strategy-source-priority';
import { runReplayProperties } from '@oxide-mirror/testing';
import { describeWithPostgres, openTestStore } from './postgres-server';

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
    await store.query(
      'SELECT * FROM mirror_record_state ORDER BY resource COLLATE "C", record_id COLLATE "C"',
    ),
    await store.query(
      'SELECT * FROM mirror_resource_fields ORDER BY resource COLLATE "C", ordinal',
    ),
  ];
}

describeWithPostgres('PostgreSQL store', () => {
  runReplayProperties('PostgresMirrorStore', {
    strategies,
    // Every case opens a fresh schema on the server, so fewer cases than on SQLite.
    openStore: ({ strategy, clock }) => openTestStore({ strategy, clock }),
    snapshot: storeTables,
    numRuns: { replay: 20, exact: 12 },
    timeoutMs: 300_000,
  });
});
