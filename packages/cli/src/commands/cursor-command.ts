import { Command } from 'commander';
import { ALL_RESOURCES } from '@oxide-mirror/core';
import { CliError } from '../cli-error';
import type { CommandRuntime } from '../command-runtime';
import { cursorDescribers } from '../composition/cursor-describers';
import { MirrorSession } from '../composition/mirror-session';
import { cursorSummary } from '../output/cursor-summary';
import { printRows } from '../output/print-rows';
import { printJson } from '../output/print-json';

/** Options of `cursor show`. */
interface CursorShowOptions {
  json?: boolean;
  raw?: boolean;
}

/** `oxide-mirror cursor show|reset|set`: the positions sources resume from. */
export function cursorCommand(runtime: CommandRuntime): Command {
  const cursor = new Command('cursor').description(
    'show, reset or set the cursors sources resume from',
  );
  cursor
    .command('show')
    .description('list stored cursors')
    .argument('[source]', 'only this source')
    .option('--json', 'print a JSON array (each cursor as stored, with its summary)')
    .option('--raw', 'print cursors as stored, not as a readable summary')
    .action(async (source: string | undefined, options: CursorShowOptions, command: Command) => {
      const session = await MirrorSession.open(runtime, command, { readOnly: true });
      try {
        const describers = await cursorDescribers(session.settings);
        const entries = (await session.store.listCursors(source)).map((entry) => ({
          ...entry,
          summary: cursorSummary(entry.cursor, describers.get(entry.source)),
        }));
        if (options.json === true) {
          const shown = entries.map(({ source, resource, cursor, summary, updatedAt }) => ({
            source,
            resource,
            cursor,
            summary,
            updatedAt,
          }));
          printJson(runtime, shown);
          return;
        }
        const rows = entries.map((entry) => ({
          source: entry.source,
          resource: entry.resource,
          cursor: options.raw === true ? entry.cursor : entry.summary,
          updated_at: entry.updatedAt,
        }));
        printRows(runtime, rows, {});
      } finally {
        await session.close();
      }
    });
  cursor
    .command('reset')
    .description(
      "forget a source's cursors: its next sync starts over (re-sent deltas are not applied twice)",
    )
    .argument('<source>', 'the source id')
    .option(
      '--resource <name>',
      `only this resource's cursor (the source-wide one is '${ALL_RESOURCES}')`,
    )
    .action(async (source: string, options: { resource?: string }, command: Command) => {
      const session = await MirrorSession.open(runtime, command, { mustExist: true });
      const removed = await session.store
        .deleteCursors(source, options.resource)
        .finally(() => session.close());
      if (removed === 0) {
        throw new CliError(
          `source '${source}' has no stored cursor${options.resource ? ` for ${options.resource}` : ''}`,
        );
      }
      runtime.out(
        `removed ${removed} cursor${removed === 1 ? '' : 's'} of '${source}'; its next sync starts from the beginning\n`,
      );
    });
  cursor
    .command('set')
    .description("store a cursor by hand: the source's next sync resumes from it")
    .argument('<source>', 'the source id')
    .argument('<cursor>', 'the cursor, as the source hands them out')
    .option('--resource <name>', 'the resource the cursor belongs to', ALL_RESOURCES)
    .action(
      async (source: string, value: string, options: { resource: string }, command: Command) => {
        const session = await MirrorSession.open(runtime, command, { mustExist: true });
        try {
          await session.store.setCursor(source, options.resource, value);
          runtime.out(`cursor of '${source}' (${options.resource}) set to ${value}\n`);
        } finally {
          await session.close();
        }
      },
    );
  return cursor;
}
