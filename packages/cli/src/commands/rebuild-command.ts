import { Command } from 'commander';
import type { CommandRuntime } from '../command-runtime';
import { MirrorSession } from '../composition/mirror-session';
import { printJson } from '../output/print-json';

/** `oxide-mirror rebuild [--strategy …]`: replays the log into a fresh projection. */
export function rebuildCommand(runtime: CommandRuntime): Command {
  return new Command('rebuild')
    .summary('replay the log into a fresh projection')
    .description(
      'replay the whole event log into a fresh mirror_records (readers never see it half-built)',
    )
    .option(
      '--strategy <name>',
      'rebuild with this strategy instead of the config\'s default "strategy" (a short name, package or path); ' +
        'per-source and per-resource overrides still apply',
    )
    .option('--json', 'print the report as JSON')
    .action(async (options: { strategy?: string; json?: boolean }, command: Command) => {
      const session = await MirrorSession.open(runtime, command, {
        mustExist: true,
        strategy: options.strategy,
        rebuild: true,
      });
      try {
        const store = session.store;
        const counts = Object.values(await store.recordCounts());
        const recordsBefore = counts.reduce((sum, count) => sum + count, 0);
        const report = await store.rebuild({ strategy: session.strategy });
        if (options.json === true) {
          printJson(runtime, { ...report, recordsBefore });
          return;
        }
        runtime.out(
          `rebuilt mirror_records from ${report.events} events with ${report.strategy}: ` +
            `${report.records} live records (before: ${recordsBefore})\n`,
        );
        if (options.strategy !== undefined) {
          runtime.out(
            'note: the mirror now keeps this strategy; set "strategy" in the config to it, or ' +
              "syncs are refused until a rebuild with the config's\n",
          );
        }
      } finally {
        await session.close();
      }
    });
}
