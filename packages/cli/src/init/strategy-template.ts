import type { ScaffoldNames } from './scaffold-names';

/** The options a new strategy's README shows. */
export const STRATEGY_OPTIONS_EXAMPLE = '{}';

/**
 * The files of a new strategy package: a strategy (to start from: the newest change wins), its
 * plugin entry, and tests that run the kit's strategy contract and given/when/then specs.
 */
export function strategyFiles(names: ScaffoldNames): Record<string, string> {
  const { name, className, classFile } = names;
  return {
    'src/index.ts': `export { ${className} } from './${classFile}';
export { oxideMirrorPlugin } from './plugin';
`,
    'src/plugin.ts': `import { defineStrategyPlugin, noOptions } from '@oxide-mirror/core';
import { ${className} } from './${classFile}';

/**
 * The entry oxide-mirror loads by package name. It takes no options (any given are refused);
 * to add some, give a zod schema as \`options\` and take them in \`createStrategy\`.
 */
export const oxideMirrorPlugin = defineStrategyPlugin({
  name: '${name}',
  options: noOptions,
  createStrategy: () => new ${className}(),
});
`,
    [`src/${classFile}.ts`]: `import {
  Resolutions,
  isOlderThan,
  type ConflictStrategy,
  type Delta,
  type MirroredRecord,
  type Resolution,
} from '@oxide-mirror/core';

/**
 * Decides which change lands. Strategies are pure and deterministic: the same log must always
 * project to the same table, so no clock, no randomness, no state, no writes into the arguments.
 * To start from: a change applies unless it is older than the record (or tombstone) it meets.
 */
export class ${className} implements ConflictStrategy {
  /** Stable name, recorded with every decision. */
  readonly name = '${name}';

  resolve(existing: MirroredRecord | undefined, incoming: Delta): Resolution {
    if (existing === undefined) return Resolutions.apply;
    return isOlderThan(incoming, existing) ? Resolutions.skip : Resolutions.apply;
  }
}
`,
    'test/contract.test.ts': `import {
  deleteAt,
  recordAt,
  runStrategyContract,
  strategySpec,
  tombstoneAt,
  upsertAt,
} from '@oxide-mirror/testing';
import { ${className} } from '../src/${classFile}';

// The suite declares its own tests: call it at the top level of the file, never inside a test.
runStrategyContract('${className}', { createStrategy: () => new ${className}() });

// Specs throw when they fail, so each one goes inside a test: at the top level of a file, a
// failing spec would stop the whole file from loading and hide every other test in it.
describe('${className} decisions', () => {
  const spec = strategySpec(new ${className}());

  it('applies a newer change', () => {
    spec.givenRecord(recordAt(1)).whenDelta(upsertAt(5, '1', { n: 2 })).thenApplies();
  });

  it('skips an older change', () => {
    spec.givenRecord(recordAt(5)).whenDelta(upsertAt(1, '1', { n: 0 })).thenSkips();
  });

  it('keeps a deleted record deleted against an older upsert', () => {
    spec.givenRecord(tombstoneAt(5)).whenDelta(upsertAt(1, '1', { n: 0 })).thenSkips();
  });

  it('records a delete of a record it never held as a tombstone', () => {
    spec.givenNoRecord().whenDelta(deleteAt(1, '1')).thenRecord({ deleted: true, version: 1 });
  });
});
`,
  };
}
