import { Command } from 'commander';
import type { CommandRuntime } from '../command-runtime';
import { MirrorSession } from '../composition/mirror-session';
import { resourceRows } from '../output/resource-rows';
import { printJson } from '../output/print-json';
import { printRows, type RowFormatOptions } from '../output/print-rows';

/** `oxide-mirror resources`: what the mirror holds. */
export function resourcesCommand(runtime: CommandRuntime): Command {
  return new Command('resources')
    .summary('list resources with record and event counts')
    .description('list the resources in the mirror with record and event counts')
    .option('--json', 'print a JSON array')
    .action(async (options: RowFormatOptions, command: Command) => {
      const session = await MirrorSession.open(runtime, command, { readOnly: true });
      try {
        const summaries = await session.store.resourceSummaries();
        if (options.json === true) {
          const entries = summaries.map(({ resource, records, events, lastSyncedAt, view }) => ({
            resource,
            records,
            events,
            lastSyncedAt,
            view,
          }));
          printJson(runtime, entries);
        } else {
          printRows(runtime, resourceRows(summaries), {});
        }
      } finally {
        await session.close();
      }
    });
}
