// A strict TypeScript consumer of the published packages: compiled with skipLibCheck false under
// node16, nodenext and bundler resolution, so every public declaration must resolve and be typed.
import {
  Delta,
  Syncer,
  defineSourcePlugin,
  noOptions,
  parsePluginOptions,
  type MirrorStore,
  type SyncReport,
} from '@oxide-mirror/core';
import { SqliteMirrorStore, type SqliteProjectionContext } from '@oxide-mirror/store-sqlite';
import { StaticSource } from '@oxide-mirror/source-static';
import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { HighestConfidence } from '@oxide-mirror/strategy-highest-confidence';
import { KeepLocal } from '@oxide-mirror/strategy-keep-local';
import { MergeJson } from '@oxide-mirror/strategy-merge-json';
import { SourcePriority } from '@oxide-mirror/strategy-source-priority';
import type { HttpSource } from '@oxide-mirror/source-http';
import { runStrategyContract, upsertAt } from '@oxide-mirror/testing';
import { loadConfig, type MirrorConfig } from '@oxide-mirror/cli';

export async function syncOnce(): Promise<SyncReport> {
  const store: MirrorStore = await SqliteMirrorStore.inMemory();
  const syncer = new Syncer({ store, strategy: new LastWriteWins() });
  syncer.registerSource(
    StaticSource.fromDeltas('crm', [Delta.upsert('contacts', 'c1', { name: 'Ada' }, 'crm')]),
  );
  return syncer.syncSource('crm');
}

/** The projection context's connection is better-sqlite3's typed Database, not `any`. */
export function countEvents(context: SqliteProjectionContext): unknown {
  // @ts-expect-error -- a typo on the connection must not type-check
  context.db.prepareStatement('SELECT 1');
  return context.db.prepare('SELECT count(*) AS n FROM mirror_events').get();
}

/** Plugin options are typed from their schema. */
export const plugin = defineSourcePlugin({
  name: 'typed',
  options: noOptions,
  createSource: (options, context) => {
    const nothing: undefined = options;
    return StaticSource.fromDeltas(context.id, nothing ?? []);
  },
});

export const strategies = [
  new HighestConfidence(),
  new KeepLocal(),
  new MergeJson(),
  new SourcePriority({ order: ['crm'] }),
];
export const kit = { runStrategyContract, upsertAt, parsePluginOptions };
export const host: { loadConfig: typeof loadConfig; config?: MirrorConfig } = { loadConfig };
export type Http = typeof HttpSource;
