import { Command } from 'commander';
import type { CommandRuntime } from '../command-runtime';
import { cursorDescribers } from '../composition/cursor-describers';
import { MirrorSession } from '../composition/mirror-session';
import { sourceStatus } from '../mirror-queries/source-status';
import { cursorSummary } from '../output/cursor-summary';
import { formatDuration } from '../output/duration';
import { printRows } from '../output/print-rows';
import { printJson } from '../output/print-json';

/** `oxide-mirror status`: sync health per source. */
export function statusCommand(runtime: CommandRuntime): Command {
  return new Command('status')
    .summary('sync health per source')
    .description(
      'per source: last run, how long it took and its outcome, last success, cursor, last error, ' +
        'partial or not, and how many records wait in mirror_rejects',
    )
    .option('--json', 'print a JSON array')
    .option('--raw', 'show cursors as stored, not as a readable summary')
    .action(async (options: { json?: boolean; raw?: boolean }, command: Command) => {
      const session = await MirrorSession.open(runtime, command, { readOnly: true });
      try {
        const configured = Object.keys(session.settings.config.sources);
        // Without a config file (`--db` alone) no source is "configured", and saying so is noise.
        const withConfig = session.settings.file !== undefined;
        const statuses = await sourceStatus(session.store, configured);
        const describers = await cursorDescribers(session.settings);
        const summaryOf = (source: string, cursor: string | null): string | null =>
          cursor === null ? null : cursorSummary(cursor, describers.get(source));
        if (options.json === true) {
          const entries = statuses.map((status) => ({
            ...status,
            cursorSummary: summaryOf(status.source, status.cursor),
          }));
          printJson(runtime, entries);
          return;
        }
        const rows = statuses.map((status) => ({
          source: status.source + (status.configured || !withConfig ? '' : ' (not in config)'),
          last_run: status.lastRunAt,
          outcome: status.lastOutcome ?? 'never synced',
          took: status.lastRunDurationMs === null ? null : formatDuration(status.lastRunDurationMs),
          partial: status.partial ? 'yes' : 'no',
          last_success: status.lastSuccessAt,
          cursor: options.raw === true ? status.cursor : summaryOf(status.source, status.cursor),
          last_error: status.lastError,
          rejects: status.rejects,
        }));
        printRows(runtime, rows, {});
      } finally {
        await session.close();
      }
    });
}
