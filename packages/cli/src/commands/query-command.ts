import { Command, InvalidArgumentError, Option } from 'commander';
import type { CommandRuntime } from '../command-runtime';
import { MirrorSession } from '../composition/mirror-session';
import { printRows, type RowFormatOptions } from '../output/print-rows';

/** Options of `query`. */
interface QueryOptions extends RowFormatOptions {
  param?: unknown[];
  maxRows?: number;
}

/** A `--param` as SQL sees it: JSON numbers, `true`, `false` and `null` by value, the rest as text. */
function collectParam(text: string, previous: unknown[] = []): unknown[] {
  let value: unknown = text;
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) value = Number(text);
  else if (text === 'null') value = null;
  else if (text === 'true' || text === 'false') value = text === 'true' ? 1 : 0;
  return [...previous, value];
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new InvalidArgumentError('must be a whole number, 1 or more');
  return value;
}

/** `oxide-mirror query "<sql>"`: read-only SQL over the mirror. */
export function queryCommand(runtime: CommandRuntime): Command {
  return new Command('query')
    .summary('run read-only SQL and print the rows')
    .description('run read-only SQL over the mirror and print the rows')
    .argument('<sql>', 'one SELECT-like statement; anything that could write is refused')
    .option('-p, --param <value>', 'a value for the next `?` (repeatable)', collectParam)
    .addOption(new Option('--json', 'print the rows as a JSON array').conflicts('csv'))
    .addOption(new Option('--csv', 'print the rows as CSV with a header line'))
    .option(
      '--max-rows <n>',
      'print at most this many rows (a note on stderr says when cut)',
      positiveInteger,
    )
    .addHelpText(
      'after',
      `
Tables: mirror_records (resource, record_id, payload JSON, source, confidence, version,
occurred_at, last_synced_at), mirror_events (the log), mirror_cursors, mirror_resources,
sync_runs (one row per sync of a source), and one view per resource with a column per field.

Example:
  $ oxide-mirror query "SELECT json_extract(payload, '$.email') AS email FROM mirror_records WHERE resource = ?" -p crm_contacts`,
    )
    .action(async (sql: string, options: QueryOptions, command: Command) => {
      const session = await MirrorSession.open(runtime, command, { readOnly: true });
      try {
        const limits = options.maxRows === undefined ? undefined : { maxRows: options.maxRows };
        const result = await session.store.runQuery(sql, options.param, limits);
        printRows(runtime, result, options);
        if (result.truncated !== undefined) {
          runtime.err(
            `oxide-mirror: result cut at ${result.rows.length} rows (the ${result.truncated} limit was reached)\n`,
          );
        }
      } finally {
        await session.close();
      }
    });
}
