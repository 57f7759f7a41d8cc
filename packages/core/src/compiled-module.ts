import { join } from 'node:path';

/**
 * The path of a package's compiled module `file` (in its `dist/` folder), given the folder of
 * the calling file (`__dirname`, in `src/` or `dist/`): the same path whether the caller runs
 * compiled or from its TypeScript sources (as in tests), so another thread can `require` it.
 *
 * @example
 * readonly plugin = { module: compiledModule(__dirname, 'plugin.js') };
 */
export function compiledModule(dirname: string, file: string): string {
  return join(dirname, '..', 'dist', file);
}
