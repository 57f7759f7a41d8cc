// A separate process on the same mirror: `lock <source>` holds the source's lock until killed;
// `apply <source> <count>` appends one batch and exits. Prints one line when it has done its part.
const { PostgresMirrorStore } = require('../../dist/index.js');
const { Delta } = require('@oxide-mirror/core');

const [url, schema, command, source, count] = process.argv.slice(2);
const { LastWriteWins } = require('@oxide-mirror/strategy-last-write-wins');

async function main() {
  const store = await PostgresMirrorStore.open({ connectionString: url, schema });
  if (command === 'lock') {
    await store.lockSource(source);
    // The lock's open connection keeps this process alive until it is killed.
    console.log('locked');
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
