import { Command } from 'commander';
import type { CommandRuntime } from '../command-runtime';
import { MirrorSession } from '../composition/mirror-session';
import { sourceStatus } from '../mirror-queries/source-status';
import { printRows } from '../output/print-rows';

/** `oxide-mirror status`: sync health per source. */
export function statusCommand(runtime: CommandRuntime): Command {
  return new Command('status')
    .summary('sync health per source')
    .description(
      'per source: last run and outcome, last success, cursor, last error, partial or not, and ' +
        'how many records wait in mirror_rejects',
    )
    .option('--json', 'print a JSON array')
    .action(async (options: { json?: boolean }, command: Command) => {
      const session = await MirrorSession.open(runtime, command, { readOnly: true });
      try {
        const configured = Object.keys(session.settings.config.sources);
        // Without a config file (`--db` alone) no source is "configured", and saying so is noise.
        const withConfig = session.settings.file !== undefined;
        const statuses = await sourceStatus(session.store, configured);
        if (options.json === true) {
          runtime.out(`${JSON.stringify(statuses, null, 2)}\n`);
          return;
        }
        const rows = statuses.map((status) => ({
          source: status.source + (status.configured || !withConfig ? '' : ' (not in config)'),
          last_run: status.lastRunAt,
          outcome: status.lastOutcome ?? 'never synced',
          partial: status.partial ? 'yes' : 'no',
          last_success: status.lastSuccessAt,
          cursor: status.cursor,
          last_error: status.lastError,
          rejects: status.rejects,
        }));
        printRows(runtime, rows, {});
      } finally {
        await session.close();
      }
    });
}
