import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';

/** Dependencies only an install script uses; loading the package never needs them. */
const INSTALL_ONLY = new Set(['prebuild-install']);

/**
 * Copies the built store package and everything it loads into a fresh folder that every user
 * may read, and returns the folder. A child process run as another user (`nobody`) can then
 * load the store even when the checkout lives in a private (0700) folder.
 */
export function worldReadableInstall(): string {
  const root = mkdtempSync(join(tmpdir(), 'oxide-install-'));
  const storePackage = join(__dirname, '..');
  const target = join(root, 'node_modules', '@oxide-mirror', 'store-sqlite');
  cpSync(join(storePackage, 'package.json'), join(target, 'package.json'));
  cpSync(join(storePackage, 'dist'), join(target, 'dist'), { recursive: true });
  copyDependencies(storePackage, root, new Set());
  chmodTree(root);
  return root;
}

/** Copies the dependencies (and peers) of the package in `from` into `root`, recursively. */
function copyDependencies(from: string, root: string, copied: Set<string>): void {
  const manifest = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const names = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
  for (const name of names) {
    if (copied.has(name) || INSTALL_ONLY.has(name)) continue;
    const source = packageDir(name, from);
    if (source === undefined) continue;
    copied.add(name);
    cpSync(source, join(root, 'node_modules', name), {
      recursive: true,
      dereference: true,
      // Its own dependencies are copied flat beside it, below.
      filter: (path) => !relative(source, path).split(sep).includes('node_modules'),
    });
    copyDependencies(source, root, copied);
  }
}

/** Where Node would find package `name` from folder `from`, symbolic links resolved. */
function packageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/** Makes the folder readable (and its folders enterable) by every user. */
function chmodTree(root: string): void {
  chmodSync(root, 0o755);
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    chmodSync(path, entry.isDirectory() ? 0o755 : statSync(path).mode | 0o444);
  }
}
