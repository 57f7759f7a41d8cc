import { stringifyJson } from '@oxide-mirror/core';
import type { CommandRuntime } from '../command-runtime';

/**
 * Prints `value` as indented JSON, losslessly: a big integer prints as its digits. Every `--json`
 * output uses camelCase keys, as the library's own types do.
 */
export function printJson(runtime: CommandRuntime, value: unknown): void {
  runtime.out(`${stringifyJson(value, 2)}\n`);
}
