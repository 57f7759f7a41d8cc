// A separate process on the same mirror: `lock <source>` holds the source's lock until killed;
// `run <source>` starts a sync run and keeps it running until killed;
// `apply <source> <count>` appends one batch and exits; `sync <source> <pages> <size> <ms>`
// syncs a static source that takes <ms> per page of that many pages through the Syncer (which takes the source's lock) and exits
// 3 when another worker holds the source. Prints one line when it has done its part.
const { setTimeout: sleep } = require('node:timers/promises');
const { PostgresMirrorStore } = require('../../dist/index.js');
const { Delta, Syncer, SyncInProgressError } = require('@oxide-mirror/core');
const { StaticSource } = require('@oxide-mirror/source-static');

const [url, schema, command, source, count, size, delayMs] = process.argv.slice(2);

/** The pages of a source, the same in every run, so a rerun re-sends what a killed run sent. */
function pagesOf(pages, pageSize) {
  return Array.from({ length: pages }, (_, page) => ({
    deltas: Array.from({ length: pageSize }, (_, i) =>
      Delta.upsert('items', `${source}-${page}-${i}`, { page, i, text: 'x'.repeat(200) }, source, {
        occurredAt: '2026-01-01T00:00:00.000Z',
      }),
    ),
    hasMore: page < pages - 1,
  }));
}
const { LastWriteWins } = require('@oxide-mirror/strategy-last-write-wins');

async function main() {
  const store = await PostgresMirrorStore.open({ connectionString: url, schema });
  if (command === 'run') {
    await store.startSyncRun(source, undefined);
    // The run's lease stays held on its own connection until the process is killed.
    console.log('running');
    return;
  }
  if (command === 'lock') {
    await store.lockSource(source);
    // The lock's open connection keeps this process alive until it is killed.
    console.log('locked');
    return;
  }
  if (command === 'sync') {
    const syncer = new Syncer({ store, strategy: new LastWriteWins() });
    // A source that takes a while per page, as a remote API does, so the sync can be caught in the act.
    const pages = new StaticSource(source, pagesOf(Number(count), Number(size)));
    syncer.registerSource({
      id: source,
      pull: async (cursor, context) => {
        await sleep(Number(delayMs));
        return pages.pull(cursor, context);
      },
    });
    try {
      await syncer.syncSource(source);
    } catch (error) {
      if (!(error instanceof SyncInProgressError)) throw error;
      console.log(error.message);
      await store.close();
      process.exit(3);
    }
    await store.close();
    console.log('synced');
    return;
  }
  const deltas = Array.from({ length: Number(count) }, (_, i) =>
    Delta.upsert('items', `${source}-${i}`, { i }, source, {
      occurredAt: '2026-01-01T00:00:00.000Z',
    }),
  );
  await store.applyBatch(deltas, new LastWriteWins());
  await store.close();
  console.log('applied');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
