import { CommanderError } from 'commander';
import { MirrorError } from '@oxide-mirror/core';
import { CliError, messageOf } from './cli-error';
import type { CliIo } from './cli-io';
import { CommandRuntime } from './command-runtime';
import { ExitCode, type ExitCodeValue } from './exit-codes';
import { buildProgram } from './program';

/**
 * Runs the `oxide-mirror` command with `args` (without `node` and the script) and resolves with
 * its exit code. Never exits the process and never throws: every error is reported on
 * `io.stderr` as one line (no stack trace unless `OXIDE_MIRROR_DEBUG` is set).
 *
 * @example
 * process.exitCode = await run(process.argv.slice(2), io);
 */
export async function run(args: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const runtime = new CommandRuntime(io);
  const program = buildProgram(runtime);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return runtime.exitCode;
  } catch (error) {
    return report(error, runtime);
  }
}

function report(error: unknown, runtime: CommandRuntime): ExitCodeValue {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help / version it was asked for).
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof CliError) {
    runtime.err(`oxide-mirror: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof MirrorError) {
    runtime.err(`oxide-mirror: ${error.message}\n`);
    return ExitCode.failure;
  }
  runtime.err(`oxide-mirror: unexpected error: ${messageOf(error)}\n`);
  if (runtime.io.env.OXIDE_MIRROR_DEBUG && error instanceof Error && error.stack) {
    runtime.err(`${error.stack}\n`);
  }
  return ExitCode.failure;
}
