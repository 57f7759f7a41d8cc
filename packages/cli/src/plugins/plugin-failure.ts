import type { MirrorError } from '@oxide-mirror/core';
import { CliError, messageOf } from '../cli-error';

/**
 * Turns what a plugin factory threw into a {@link CliError} that says which config field and
 * which plugin it is about. Matched by `code` rather than `instanceof`: a plugin may bring its
 * own copy of core.
 */
export function pluginFailure(error: unknown, field: string, specifier: string): CliError {
  if (error instanceof CliError) return error;
  const code = (error as Partial<MirrorError> | undefined)?.code;
  if (code === 'INVALID_PLUGIN_OPTIONS') {
    return new CliError(`${field}: invalid options for '${specifier}': ${messageOf(error)}`, {
      cause: error,
    });
  }
  return new CliError(`${field}: plugin '${specifier}' failed: ${messageOf(error)}`, {
    cause: error,
  });
}
