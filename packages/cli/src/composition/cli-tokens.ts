import type { InjectionToken } from 'tsyringe';
import type { LoadedConfig } from '../config/load-config';

/** tsyringe tokens of what the CLI registers besides core's `MirrorTokens`. */
export const CliTokens = {
  /** The validated config. */
  config: Symbol.for('oxide-mirror.cli.config') as InjectionToken<LoadedConfig>,
} as const;
