import { Command } from 'commander';
import { copyMirror, type CopyReport, type MirrorStore } from '@oxide-mirror/core';
import { CliError } from '../cli-error';
import type { CommandRuntime } from '../command-runtime';
import { MirrorSession } from '../composition/mirror-session';
import { loadStore, type StoreOpener } from '../composition/store-opener';
import { storeTargetOf, type StoreTarget } from '../config/store-target';

/**
 * `oxide-mirror copy --to <database>`: moves the mirror into another store (a SQLite file or
 * PostgreSQL) by replaying its log there, then checks that both record tables are equal.
 */
export function copyCommand(runtime: CommandRuntime): Command {
  return new Command('copy')
    .summary('copy the mirror into another store (a SQLite file or PostgreSQL)')
    .description(
      "replay the mirror's event log into another, empty store — events with their ids, order, " +
        'times, provenance and redaction, then cursors, rejects and sync runs — build its mirror_records ' +
        "with the mirror's strategy, and check that both record tables are equal. An interrupted " +
        'copy is resumed by running the command again. Copy while no sync writes to the mirror.',
    )
    .requiredOption(
      '--to <database>',
      'where to copy to: a SQLite file path or a postgres:// URL, as "database" in the config',
    )
    .option('--json', 'print the report as JSON')
    .action(async (options: { to: string; json?: boolean }, command: Command) => {
      const session = await MirrorSession.open(runtime, command, { readOnly: true });
      try {
        const target = storeTargetOf(options.to, runtime.io.cwd);
        if (target.label === session.settings.database.label) {
          throw new CliError(`cannot copy the mirror onto itself (${target.label})`);
        }
        const openTarget = await loadStore(
          { ...session.settings, database: target },
          runtime.secrets,
        );
        const report = await copyInto(session, target, openTarget);
        if (options.json === true) {
          runtime.out(`${JSON.stringify({ to: target.label, ...report }, null, 2)}\n`);
          return;
        }
        runtime.out(reportText(target, report));
      } finally {
        await session.close();
      }
    });
}

/** Opens the target with the mirror's strategy, copies into it and closes it. */
async function copyInto(
  session: MirrorSession,
  target: StoreTarget,
  openTarget: StoreOpener,
): Promise<CopyReport> {
  const store: MirrorStore = await openTarget({
    readOnly: false,
    mustExist: false,
    strategy: session.strategy,
  });
  try {
    return await copyMirror(session.store, store, { strategy: session.strategy });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'COPY_REFUSED' || code === 'COPY_MISMATCH') {
      throw new CliError(`${target.label}: ${(error as Error).message}`, { cause: error });
    }
    throw error;
  } finally {
    await store.close();
  }
}

function reportText(target: StoreTarget, report: CopyReport): string {
  const resumed =
    report.resumedAfter > 0 ? ` (went on after ${report.resumedAfter} copied before)` : '';
  const counts = Object.entries(report.records);
  const total = counts.reduce((sum, [, count]) => sum + count, 0);
  const perResource = counts.map(([resource, count]) => `${resource} ${count}`).join(', ');
  return (
    `copied ${report.events} events into ${target.label}${resumed}, ` +
    `${report.cursors} cursors, ${report.rejects} rejects, ${report.syncRuns} sync runs\n` +
    `mirror_records are equal in both: ${total} live records` +
    `${perResource === '' ? '' : ` (${perResource})`}\n`
  );
}
