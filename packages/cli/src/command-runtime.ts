import type { Command } from 'commander';
import type { CliIo } from './cli-io';
import { EnvSecrets } from './config/env-secrets';
import { resolveSettings, type TargetOptions } from './config/mirror-settings';
import type { LoadedConfig } from './config/load-config';
import { ExitCode, type ExitCodeValue } from './exit-codes';

/**
 * What every command's action shares: the I/O, the secrets handed out so far (so that any
 * message can be scrubbed of them) and the exit code the run ends with.
 */
export class CommandRuntime {
  /** The exit code of the run; commands raise it, never lower it. */
  exitCode: ExitCodeValue = ExitCode.ok;
  /** Secrets from the environment. */
  readonly secrets: EnvSecrets;

  constructor(readonly io: CliIo) {
    this.secrets = new EnvSecrets(io.env);
  }

  /** Writes `text` to stdout. */
  out(text: string): void {
    this.io.stdout.write(text);
  }

  /** Writes `text` to stderr, without any secret value. */
  err(text: string): void {
    this.io.stderr.write(this.secrets.redact(text));
  }

  /** Ends the run with `code` unless it already ends with a worse one. */
  fail(code: ExitCodeValue): void {
    if (this.exitCode === ExitCode.ok || code === ExitCode.failure) this.exitCode = code;
  }

  /** The config and database `command` works on, from the global `--config` and `--db`. */
  settings(command: Command, needsConfig = false): LoadedConfig {
    const options = command.optsWithGlobals<TargetOptions>();
    return resolveSettings(options, this.io.cwd, needsConfig);
  }
}
