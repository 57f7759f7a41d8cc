import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StrategyPluginRef } from './conflict-strategy';

/** Paths checked already, and whether the file was there. */
const present = new Map<string, boolean>();

/**
 * The path of a package's compiled module `file` (in its `dist/` folder), given the folder of
 * the calling file (`here`: `() => __dirname`, in `src/` or `dist/`): the same path whether the
 * caller runs compiled or from its TypeScript sources (as in tests), so another thread can
 * `require` it. Undefined where that file is not, as when the caller was bundled into one ES
 * module (where `__dirname` does not exist either).
 *
 * @example
 * readonly plugin = strategyPluginAt(compiledModule(() => __dirname, 'plugin.js'));
 */
export function compiledModule(here: () => string, file: string): string | undefined {
  let dirname: string;
  try {
    dirname = here();
  } catch {
    return undefined;
  }
  const path = join(dirname, '..', 'dist', file);
  let exists = present.get(path);
  if (exists === undefined) {
    exists = existsSync(path);
    present.set(path, exists);
  }
  return exists ? path : undefined;
}

/**
 * The `ConflictStrategy.plugin` of a strategy whose plugin is exported as `exportName` (default
 * `oxideMirrorPlugin`) by the module at `module`; undefined without a module.
 */
export function strategyPluginAt(
  module: string | undefined,
  exportName?: string,
): StrategyPluginRef | undefined {
  if (module === undefined) return undefined;
  return exportName === undefined ? { module } : { module, export: exportName };
}
