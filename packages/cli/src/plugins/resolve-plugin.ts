import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { CliError } from '../cli-error';
import { FIRST_PARTY_SCOPE } from './first-party-strategies';
import { PackageEntryError, packageEntry } from './package-entry';

/** How a plugin reference from config was understood. */
export interface PluginLocation {
  /** The reference as written. */
  specifier: string;
  /** Absolute path of the module file to load. */
  file: string;
}

function isPathSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || isAbsolute(specifier);
}

function isModuleNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'MODULE_NOT_FOUND';
}

/**
 * Finds the module a config's `use` names. Package names resolve the way Node's `import` would
 * from a file in the config's folder (the `exports` map's `import` condition first, so
 * ES-module-only packages load), so plugins are whatever that project installed; first-party
 * packages fall back to the copies the CLI depends on. Relative paths resolve against the
 * config's folder. Throws a {@link CliError} naming the reference, the config field and where it
 * looked.
 */
export function resolvePlugin(
  specifier: string,
  baseDir: string,
  field: string,
  hint = '',
): PluginLocation {
  const fromConfig = createRequire(join(baseDir, 'noop.js'));
  if (isPathSpecifier(specifier)) {
    const target = resolve(baseDir, specifier);
    try {
      return { specifier, file: fromConfig.resolve(target) };
    } catch (error) {
      if (!isModuleNotFound(error)) throw error;
      throw new CliError(
        `${field}: plugin '${specifier}' not found: no module at ${target}${hint}`,
      );
    }
  }
  const installed = installedEntry(specifier, baseDir, field);
  if (installed !== undefined) return { specifier, file: installed };
  if (specifier.startsWith(FIRST_PARTY_SCOPE)) {
    try {
      return { specifier, file: require.resolve(specifier) };
    } catch (error) {
      if (!isModuleNotFound(error)) throw error;
    }
  }
  throw new CliError(
    `${field}: plugin '${specifier}' not found: no package of that name is installed for ${baseDir} ` +
      `(install it there, e.g. \`npm install ${specifier}\`, or use a relative path such as ./my-plugin.js)${hint}`,
  );
}

function installedEntry(specifier: string, baseDir: string, field: string): string | undefined {
  try {
    return packageEntry(specifier, baseDir);
  } catch (error) {
    if (!(error instanceof PackageEntryError)) throw error;
    throw new CliError(`${field}: plugin '${specifier}' cannot be loaded: ${error.message}`);
  }
}
