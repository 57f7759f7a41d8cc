import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { exports as resolveExports, type Package } from 'resolve.exports';

/** A package name and the subpath asked of it: `@acme/pkg/extra` is `@acme/pkg` and `./extra`. */
function splitSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const length = specifier.startsWith('@') ? 2 : 1;
  const rest = parts.slice(length);
  return {
    name: parts.slice(0, length).join('/'),
    subpath: rest.length === 0 ? '.' : `./${rest.join('/')}`,
  };
}

/** The nearest `node_modules/<name>` folder from `fromDir` upwards, as Node looks for it. */
function findPackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The folder of the package that holds `fromDir` when that package is `name` and has `exports`:
 * Node lets a package import itself by its own name (a plugin's own config and tests do).
 */
function selfReference(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const manifestFile = join(dir, 'package.json');
    if (existsSync(manifestFile)) {
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Package;
      return manifest.name === name && manifest.exports !== undefined ? dir : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Why a package was found but gave no file. */
export class PackageEntryError extends Error {}

/**
 * The file `import(specifier)` would load from a module in `fromDir`: the package's `exports`
 * with the `import` and `node` conditions (ES-module-only packages), then `require` (packages
 * that export only for CommonJS); packages without `exports` resolve as `require` would (`main`,
 * extensions, `index.js`), which is also how `import` treats them. Undefined when no such package is installed;
 * throws {@link PackageEntryError} when the package exposes no such entry.
 */
export function packageEntry(specifier: string, fromDir: string): string | undefined {
  const { name, subpath } = splitSpecifier(specifier);
  const dir = selfReference(name, fromDir) ?? findPackageDir(name, fromDir);
  if (dir === undefined) return undefined;
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Package;
  if (manifest.exports === undefined) return legacyEntry(specifier, name, dir, fromDir);
  const target = exportTarget(manifest, subpath);
  if (target === undefined) {
    throw new PackageEntryError(
      `package ${name} (${dir}) exports no "${subpath}" entry for import or require`,
    );
  }
  return join(dir, target);
}

function legacyEntry(specifier: string, name: string, dir: string, fromDir: string): string {
  try {
    return createRequire(join(fromDir, 'noop.js')).resolve(specifier);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new PackageEntryError(
      `package ${name} (${dir}) has no "exports", and its "main" (or index.js) is missing`,
    );
  }
}

function exportTarget(manifest: Package, subpath: string): string | undefined {
  for (const require of [false, true]) {
    try {
      const found = resolveExports(manifest, subpath, { require });
      if (found?.[0] !== undefined) return found[0];
    } catch {
      // resolve.exports throws when no condition matches; the next set of conditions may.
    }
  }
  return undefined;
}
