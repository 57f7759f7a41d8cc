import { Command } from 'commander';
import type { CommandRuntime } from '../command-runtime';
import { MirrorSession } from '../composition/mirror-session';
import { resourceRows } from '../output/resource-rows';
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
        printRows(runtime, resourceRows(await session.store.resourceSummaries()), options);
      } finally {
        await session.close();
      }
    });
}
