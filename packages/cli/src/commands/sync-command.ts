import { Command, InvalidArgumentError } from 'commander';
import { CliError } from '../cli-error';
import type { CommandRuntime } from '../command-runtime';
import { ExitCode } from '../exit-codes';
import { cursorDescribers } from '../composition/cursor-describers';
import { MirrorSession } from '../composition/mirror-session';
import { DEFAULT_LINE_EVERY_MS, SyncProgress } from '../output/sync-progress';
import {
  exitCodeOf,
  followOutcomeOf,
  renderSyncSummary,
  syncOutcomeOf,
} from '../output/sync-summary';
import { runJson } from '../output/run-json';
import { followSources, requireLiveStreams } from '../sync-runs/follow-sources';
import { runSyncs } from '../sync-runs/run-syncs';
import { printJson } from '../output/print-json';

/** `oxide-mirror sync [source…]`: pulls the configured sources into the mirror. */
export function syncCommand(runtime: CommandRuntime): Command {
  return new Command('sync')
    .summary('pull the configured sources into the mirror')
    .description('pull changes from the configured sources into the mirror')
    .argument('[sources...]', 'ids of the sources to sync (default: every source, in config order)')
    .option('--json', 'print the report as JSON (no progress display)')
    .option('--raw', 'show cursors as stored, not as a readable summary')
    .option(
      '--progress-every <seconds>',
      'when stderr is not a terminal, print a progress line this often (0: after every event)',
      nonNegativeSeconds,
      DEFAULT_LINE_EVERY_MS / 1000,
    )
    .option(
      '--follow',
      "follow the sources' live streams, all at once, until Ctrl-C or SIGTERM " +
        '(only sources whose plugin has one)',
    )
    .addHelpText(
      'after',
      '\nEach source resumes from its stored cursor. Every run is recorded in the sync_runs table.\n' +
        'Exit code 0: all synced; 3: partial (some source failed, the rest is committed); 1: failed;\n' +
        '130: stopped by Ctrl-C or SIGTERM (what was in flight is committed).\n' +
        'With --follow, each stream is committed batch by batch with its checkpoint as the cursor,\n' +
        'so a follower stopped or killed resumes after what it committed, losing and repeating nothing.',
    )
    .action(async (requested: string[], options: SyncOptions, command: Command) => {
      const settings = runtime.settings(command, true);
      const ids = chooseSources(Object.keys(settings.config.sources), requested, settings.file);
      const progress =
        options.json === true
          ? undefined
          : new SyncProgress(runtime.io.stderr, {
              mode: runtime.io.stderr.isTTY === true ? 'redraw' : 'lines',
              lineEveryMs: options.progressEvery * 1000,
            });
      const session = await MirrorSession.open(runtime, command, {
        settings,
        needsConfig: true,
        sources: ids,
        onWait: (source, wait) => progress?.waiting(source, wait),
        ...(options.follow === true
          ? { checkSources: (built) => requireLiveStreams(built, ids) }
          : {}),
      });
      const inFlight = options.follow === true ? 'batch' : 'page';
      const onStop = (): void =>
        runtime.err(`oxide-mirror: stopping after the ${inFlight} in flight (Ctrl-C again: now)\n`);
      runtime.io.signal.addEventListener('abort', onStop, { once: true });
      try {
        const plan = {
          session,
          ids,
          progress,
          redact: (text: string) => runtime.secrets.redact(text),
          signal: runtime.io.signal,
        };
        const runs = options.follow === true ? await followSources(plan) : await runSyncs(plan);
        const outcome = options.follow === true ? followOutcomeOf(runs) : syncOutcomeOf(runs);
        if (options.json === true) {
          const report = { database: settings.database.label, outcome, runs: runs.map(runJson) };
          printJson(runtime, report);
        } else {
          const describers = await cursorDescribers(settings);
          const cursors = { describers, raw: options.raw === true };
          runtime.out(renderSyncSummary(runs, settings.database.label, outcome, cursors));
        }
        if (outcome !== 'ok') {
          const endedWell = options.follow === true ? ['ok', 'interrupted'] : ['ok'];
          const failed = runs
            .filter((run) => !endedWell.includes(run.outcome))
            .map((run) => run.source);
          runtime.err(
            `oxide-mirror: sync ${outcome}: ${failed.join(', ')} failed (see the report)\n`,
          );
        }
        runtime.fail(exitCodeOf(outcome));
        if (runtime.io.signal.aborted) runtime.exitCode = ExitCode.interrupted;
      } finally {
        runtime.io.signal.removeEventListener('abort', onStop);
        await session.close();
      }
    });
}

/** The options `sync` takes. */
interface SyncOptions {
  json?: boolean;
  raw?: boolean;
  follow?: boolean;
  progressEvery: number;
}

function nonNegativeSeconds(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0)
    throw new InvalidArgumentError('must be a number of seconds, 0 or more');
  return value;
}

function chooseSources(
  configured: readonly string[],
  requested: readonly string[],
  file: string | undefined,
): string[] {
  if (configured.length === 0) {
    throw new CliError(
      `no sources configured in ${file ?? 'the config'}: add some under "sources"`,
    );
  }
  if (requested.length === 0) return [...configured];
  for (const id of requested) {
    if (!configured.includes(id)) {
      throw new CliError(`unknown source '${id}' (configured: ${configured.join(', ')})`);
    }
  }
  return [...new Set(requested)];
}
