// Strategy plugins for the writer thread's tests: plain CommonJS, so the thread can load them.
const { threadId } = require('node:worker_threads');
const { Resolutions, defineStrategyPlugin } = require('@oxide-mirror/core');

const plugin = (name) => ({ module: module.filename, export: `${name}Plugin` });

/** Stamps each upsert with the id of the thread that decided it (0: the main thread). */
const threadStampPlugin = defineStrategyPlugin({
  name: 'thread-stamp',
  createStrategy: () => ({
    name: 'thread-stamp',
    plugin: plugin('threadStamp'),
    resolve: (_existing, incoming) =>
      incoming.op === 'upsert'
        ? Resolutions.merge({ ...incoming.payload, thread: threadId })
        : Resolutions.apply,
  }),
});

/**
 * A plugin `name` (exported as `${exportName}Plugin`) whose strategy applies everything, and
 * calls `act` at the record its options name.
 */
const atRecordPlugin = (name, exportName, act) =>
  defineStrategyPlugin({
    name,
    createStrategy: (options) => ({
      name,
      options,
      plugin: plugin(exportName),
      resolve: (_existing, incoming) => {
        if (incoming.recordId === options.recordId) act(incoming);
        return Resolutions.apply;
      },
    }),
  });

/** Throws on the record its options name. */
const failsOnPlugin = atRecordPlugin('fails-on', 'failsOn', (incoming) => {
  throw new Error(`refuses ${incoming.recordId}`);
});

/** Ends the thread it runs on at the record its options name (the main thread: it applies). */
const exitsOnPlugin = atRecordPlugin('exits-on', 'exitsOn', () => {
  if (threadId !== 0) process.exit(3);
});

/** Builds a strategy other than the one that names it: the thread must refuse to use it. */
const impostorPlugin = defineStrategyPlugin({
  name: 'impostor',
  createStrategy: () => ({ name: 'someone-else', resolve: () => Resolutions.skip }),
});

module.exports = { threadStampPlugin, failsOnPlugin, exitsOnPlugin, impostorPlugin, plugin };
