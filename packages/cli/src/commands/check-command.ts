import { Command } from 'commander';
import type { ConflictStrategy, MirrorError } from '@oxide-mirror/core';
import { messageOf } from '../cli-error';
import type { CommandRuntime } from '../command-runtime';
import { EMPTY_MIRROR, previewFirstPage, type FirstPagePreview } from '../check/first-page-preview';
import { buildStrategy } from '../composition/build-strategy';
import { loadStore } from '../composition/store-opener';
import type { LoadedConfig } from '../config/load-config';
import { ExitCode } from '../exit-codes';
import { loadSource } from '../plugins/create-source';
import { printJson } from '../output/print-json';

/** One source's outcome in a check. */
export interface SourceCheck {
  /** The source id. */
  source: string;
  /** The plugin the config names. */
  use: string;
  /** The first page and what a sync would do with it, when the pull worked. */
  firstPage?: FirstPagePreview;
  /** Why the source failed the check, when it did. */
  error?: string;
}

/**
 * `oxide-mirror check`: validates the config, loads every plugin with its options, pulls the
 * first page of each source and says what a sync would do with it, writing nothing.
 */
export function checkCommand(runtime: CommandRuntime): Command {
  return new Command('check')
    .summary('validate the config and preview a sync, writing nothing')
    .description(
      'validate the config, load every plugin, pull the first page of each source and say what a ' +
        'sync would do with it; nothing is written (an existing mirror is opened read-only)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const settings = runtime.settings(command, true);
      const strategy = await buildStrategy(settings);
      const { exists, sources } = await checkSources(runtime, settings, strategy);
      const failed = sources.filter((entry) => entry.error !== undefined);
      if (options.json === true) {
        const report = { config: settings.file, database: settings.database.label, sources };
        printJson(runtime, report);
      } else {
        runtime.out(renderCheck(settings, exists, sources));
      }
      if (failed.length > 0) {
        runtime.err(
          `oxide-mirror: check failed: ${failed.map((entry) => entry.source).join(', ')}\n`,
        );
        runtime.fail(ExitCode.failure);
      }
    });
}

/** Whether the mirror exists, and how a sync would see each configured source's first page. */
interface CheckResult {
  exists: boolean;
  sources: SourceCheck[];
}

async function checkSources(
  runtime: CommandRuntime,
  settings: LoadedConfig,
  strategy: ConflictStrategy,
): Promise<CheckResult> {
  const openStore = await loadStore(settings, runtime.secrets);
  const store = await openStore({ readOnly: true, mustExist: true, strategy }).catch(
    (error: unknown) => {
      // No mirror yet: a sync would start from an empty one.
      if ((error as Partial<MirrorError>).code === 'NO_MIRROR') return undefined;
      throw error;
    },
  );
  const contents = store ?? EMPTY_MIRROR;
  const checks: SourceCheck[] = [];
  try {
    for (const [id, config] of Object.entries(settings.config.sources)) {
      const entry: SourceCheck = { source: id, use: config.use };
      try {
        const factory = await loadSource(id, config, {
          baseDir: settings.dir,
          secrets: runtime.secrets,
        });
        const source = await factory({
          recordIds: async (resource, owner) => (await store?.recordIds(resource, owner)) ?? [],
        });
        entry.firstPage = await previewFirstPage(
          source,
          contents,
          strategy,
          settings.config.sync.pullTimeoutMs,
          config.onInvalid ?? settings.config.sync.onInvalid,
        );
      } catch (error) {
        entry.error = runtime.secrets.redact(messageOf(error));
      }
      checks.push(entry);
    }
  } finally {
    await store?.close();
  }
  return { exists: store !== undefined, sources: checks };
}

function renderCheck(
  settings: LoadedConfig,
  exists: boolean,
  sources: readonly SourceCheck[],
): string {
  const lines = [
    `config    ${settings.file ?? '(none)'}: valid; every plugin loaded`,
    `database  ${settings.database.label}${exists ? '' : ' (not created yet: a sync starts from scratch)'}`,
  ];
  for (const entry of sources) {
    lines.push('', `source ${entry.source} (${entry.use})`);
    if (entry.error !== undefined) {
      lines.push(`  FAILED: ${entry.error}`);
      continue;
    }
    lines.push(...renderPreview(entry.firstPage));
  }
  const failed = sources.some((entry) => entry.error !== undefined);
  lines.push(
    '',
    failed ? 'check failed; nothing was written' : 'check passed; nothing was written',
  );
  return `${lines.join('\n')}\n`;
}

function renderPreview(page: FirstPagePreview | undefined): string[] {
  if (page === undefined) return [];
  const from = page.cursor === undefined ? 'from the start' : 'after the stored cursor';
  const more = page.hasMore ? 'more pages follow' : 'no more pages';
  const lines = [`  first page (${from}): ${page.deltas} deltas, ${more}`];
  for (const [resource, tally] of Object.entries(page.resources)) {
    const rejects = tally.reject > 0 ? `, and set aside ${tally.reject} as rejects` : '';
    lines.push(
      `  ${resource}: a sync would apply ${tally.apply} and skip ${tally.skip} of ${tally.deltas}${rejects}`,
    );
  }
  return lines;
}
