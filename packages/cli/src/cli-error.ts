import { ExitCode, type ExitCodeValue } from './exit-codes';

/**
 * An error the command reports as one line on stderr and turns into an exit code, without a
 * stack trace: the message alone must say what is wrong and where.
 */
export class CliError extends Error {
  /** The process exit code this error ends with. */
  readonly exitCode: ExitCodeValue;

  constructor(message: string, options: { exitCode?: ExitCodeValue; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? ExitCode.failure;
  }
}

/** The message of anything thrown, for one-line reports. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
