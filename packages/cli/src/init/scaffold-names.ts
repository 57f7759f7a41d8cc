import { CliError } from '../cli-error';

/** The two kinds of plugin `init` scaffolds. */
export type ScaffoldKind = 'source' | 'strategy';

/** The names one scaffold uses, all derived from what the author typed. */
export interface ScaffoldNames {
  /** Kind of plugin. */
  kind: ScaffoldKind;
  /** The plugin's short name, kebab-case: `petstore`. */
  name: string;
  /** The npm package name: `oxide-mirror-source-petstore`, or the one given. */
  packageName: string;
  /** The class the package exports: `PetstoreSource`. */
  className: string;
  /** The file of that class, without extension: `petstore-source`. */
  classFile: string;
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

/**
 * Checks `name` (kebab-case) and the optional package name, and derives the rest. A bad name is
 * a {@link CliError} saying what a good one looks like.
 */
export function scaffoldNames(
  kind: ScaffoldKind,
  name: string,
  packageName?: string,
): ScaffoldNames {
  if (!NAME.test(name)) {
    throw new CliError(
      `init ${kind}: the name must be kebab-case letters and digits, such as "petstore" or "my-api", got "${name}"`,
    );
  }
  const chosen = packageName ?? `oxide-mirror-${kind}-${name}`;
  if (!PACKAGE_NAME.test(chosen)) {
    throw new CliError(`init ${kind}: --package must be an npm package name, got "${chosen}"`);
  }
  const pascal = name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  const suffix = kind === 'source' ? 'Source' : 'Strategy';
  return {
    kind,
    name,
    packageName: chosen,
    className: `${pascal}${suffix}`,
    classFile: `${name}-${kind}`,
  };
}
