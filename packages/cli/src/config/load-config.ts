import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { CliError, messageOf } from '../cli-error';
import { formatConfigPath } from './config-path';
import { mirrorConfigSchema, type MirrorConfig } from './config-schema';
import { storeTargetOf, type StoreTarget } from './store-target';

/** The file the command looks for in the working directory when `--config` is not given. */
export const DEFAULT_CONFIG_FILE = 'oxide-mirror.config.json';

/** A validated config and where it came from. */
export interface LoadedConfig {
  /** Absolute path of the config file; undefined when only `--db` was given. */
  file: string | undefined;
  /** Folder of the config file: plugins, relative paths and the database resolve from here. */
  dir: string;
  /** The validated config, defaults filled in. */
  config: MirrorConfig;
  /** The store the mirror lives in. */
  database: StoreTarget;
}

/**
 * Reads and validates a config file. Every failure is a {@link CliError} whose message names the
 * file and, for invalid content, each bad field by its path (`sources.crm.use: …`).
 */
export function loadConfig(file: string): LoadedConfig {
  const text = readConfigText(file);
  const json = parseJson(file, text);
  const parsed = mirrorConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new CliError(`invalid config ${file}:\n${formatIssues(parsed.error.issues)}`);
  }
  const dir = dirname(file);
  return { file, dir, config: parsed.data, database: storeTargetOf(parsed.data.database, dir) };
}

function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CliError(
        `config file not found: ${file}\n` +
          `  create ${DEFAULT_CONFIG_FILE} (see \`oxide-mirror --help\`), pass --config <file>, ` +
          'or pass --db <file> to read an existing mirror',
      );
    }
    throw new CliError(`cannot read config file ${file}: ${messageOf(error)}`, { cause: error });
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(
      `config file ${file} is not valid JSON${whereInText(text, messageOf(error))}: ${messageOf(error)}`,
      { cause: error },
    );
  }
}

/** ` (line L, column C)` from the position V8 puts in JSON syntax errors, when it does. */
function whereInText(text: string, message: string): string {
  const match = /at position (\d+)/.exec(message);
  if (match === null) return '';
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}

/** One line per problem, each starting with the path of the bad field. */
function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = [...issue.path];
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.map((key) => JSON.stringify(key)).join(', ');
        return `  ${formatConfigPath(path)}: unknown key ${keys}`;
      }
      if (issue.code === 'invalid_key') {
        const reason = issue.issues[0]?.message ?? issue.message;
        return `  ${formatConfigPath(path)}: invalid key: ${reason}`;
      }
      return `  ${formatConfigPath(path)}: ${issue.message}`;
    })
    .join('\n');
}
