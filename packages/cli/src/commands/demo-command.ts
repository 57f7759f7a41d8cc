import { resolve } from 'node:path';
import { Command } from 'commander';
import { CliError } from '../cli-error';
import type { CommandRuntime } from '../command-runtime';
import { ExitCode } from '../exit-codes';
import { cursorDescribers } from '../composition/cursor-describers';
import { MirrorSession } from '../composition/mirror-session';
import { mirrorConfigSchema } from '../config/config-schema';
import type { LoadedConfig } from '../config/load-config';
import type { TargetOptions } from '../config/mirror-settings';
import { storeTargetOf } from '../config/store-target';
import { DEMO_SOURCE_IDS, demoSources } from '../demo/demo-config';
import { checkDemoDatabase } from '../demo/demo-guard';
import { DEMO_QUESTION, DEMO_SQL } from '../demo/demo-question';
import { startDemoServer } from '../demo/demo-server';
import { renderSyncSummary, syncOutcomeOf, exitCodeOf } from '../output/sync-summary';
import { SyncProgress } from '../output/sync-progress';
import { renderTable } from '../output/table';
import { runSyncs } from '../sync-runs/run-syncs';

/** Where the demo writes unless `--db` says otherwise: the README promises `./mirror.db`. */
const DEMO_DATABASE = 'mirror.db';

/** `oxide-mirror demo`: the whole product in one command, with nothing to configure. */
export function demoCommand(runtime: CommandRuntime): Command {
  return new Command('demo')
    .summary('mirror three bundled demo services and answer a question across them')
    .description(
      'Start three demo services (a CRM, a help desk, billing) on a local HTTP server, sync them\n' +
        'through @oxide-mirror/source-http into ./mirror.db (or --db), and print the answer to\n' +
        `"${DEMO_QUESTION}" with the SQL that answered it.`,
    )
    .action(async (_options: unknown, command: Command) => {
      const { db } = command.optsWithGlobals<TargetOptions>();
      const databasePath = resolve(runtime.io.cwd, db ?? DEMO_DATABASE);
      await checkDemoDatabase(demoSettings(runtime.io.cwd, databasePath), runtime.secrets);
      const server = await startDemoServer();
      try {
        await runDemo(runtime, command, databasePath, server.url);
      } finally {
        await server.close();
      }
    });
}

async function runDemo(
  runtime: CommandRuntime,
  command: Command,
  databasePath: string,
  url: string,
): Promise<void> {
  runtime.out(
    `Demo services on ${url}: crm (companies, contacts), helpdesk (tickets), billing (invoices)\n\n`,
  );
  const settings = demoSettings(runtime.io.cwd, databasePath, url);
  const session = await MirrorSession.open(runtime, command, {
    settings,
    sources: DEMO_SOURCE_IDS,
  });
  try {
    // The server's port changes on every run, so a cursor left by an earlier run may point at
    // a dead address; starting over is safe because re-sent deltas are recognised.
    for (const id of DEMO_SOURCE_IDS) await session.store.deleteCursors(id);
    const runs = await runSyncs({
      session,
      ids: DEMO_SOURCE_IDS,
      progress:
        runtime.io.stderr.isTTY === true
          ? new SyncProgress(runtime.io.stderr, { mode: 'redraw' })
          : undefined,
      redact: (text) => runtime.secrets.redact(text),
      signal: runtime.io.signal,
    });
    const cursors = { describers: await cursorDescribers(settings) };
    runtime.out(renderSyncSummary(runs, databasePath, syncOutcomeOf(runs), cursors));
    if (runtime.io.signal.aborted) {
      throw new CliError('demo interrupted', { exitCode: ExitCode.interrupted });
    }
    const outcome = syncOutcomeOf(runs);
    if (outcome !== 'ok') {
      throw new CliError('the demo sync did not complete, so there is no answer', {
        exitCode: exitCodeOf(outcome),
      });
    }
    const answer = await session.store.runQuery(DEMO_SQL);
    runtime.out(`\n${DEMO_QUESTION}\n\n${renderTable(answer)}\n`);
    runtime.out(`The SQL that answered it, over views of the mirrored records:\n\n${DEMO_SQL}\n\n`);
    runtime.out(nextSteps(databasePath, runtime.io.cwd, runtime.io.invokedAs ?? 'oxide-mirror'));
  } finally {
    await session.close();
  }
}

function nextSteps(databasePath: string, cwd: string, command: string): string {
  const db = databasePath === resolve(cwd, DEMO_DATABASE) ? DEMO_DATABASE : databasePath;
  return [
    'Try next:',
    `  ${command} --db ${db} resources`,
    `  ${command} --db ${db} describe helpdesk_tickets`,
    `  ${command} --db ${db} query "SELECT name, email FROM crm_contacts"`,
    `  ${command} --db ${db} history billing_invoices inv-2003`,
    `  ${command} --db ${db} status`,
    '',
  ].join('\n');
}

/** The demo's settings: its database, and its sources once the demo server is up at `url`. */
function demoSettings(cwd: string, databasePath: string, url?: string): LoadedConfig {
  const sources = url === undefined ? {} : demoSources(url);
  return {
    file: undefined,
    dir: cwd,
    config: mirrorConfigSchema.parse({ database: databasePath, sources }),
    database: storeTargetOf(databasePath, cwd),
  };
}
