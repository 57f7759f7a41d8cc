import { Command, InvalidArgumentError } from 'commander';
import {
  InvalidDeltaError,
  parseJson,
  type Delta,
  type RejectFilter,
  type RejectedRecord,
} from '@oxide-mirror/core';
import { CliError } from '../cli-error';
import type { CommandRuntime } from '../command-runtime';
import { MirrorSession } from '../composition/mirror-session';
import { printJson } from '../output/print-json';
import { printRows } from '../output/print-rows';

interface RejectsOptions {
  resource?: string;
  id?: number[];
  limit?: number;
  json?: boolean;
}

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed <= 0) {
    throw new InvalidArgumentError(`'${value}' is not a positive integer`);
  }
  return parsed;
}

function collectIds(value: string, previous: number[] = []): number[] {
  return [...previous, positiveInt(value)];
}

/** The rejects a command's arguments and options select. */
function filterOf(source: string | undefined, options: RejectsOptions): RejectFilter {
  return {
    ...(source === undefined ? {} : { source }),
    ...(options.resource === undefined ? {} : { resource: options.resource }),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    ...(options.id === undefined ? {} : { ids: options.id }),
  };
}

/** Runs `work` on the existing mirror and closes it afterwards. */
async function withSession(
  runtime: CommandRuntime,
  command: Command,
  work: (session: MirrorSession) => Promise<void>,
): Promise<void> {
  const session = await MirrorSession.open(runtime, command, { mustExist: true });
  try {
    await work(session);
  } finally {
    await session.close();
  }
}

/** What `rejects retry` did with one reject (a type, not an interface: it is printed as a row). */
type RetryOutcome = {
  id: number;
  source: string;
  outcome: 'applied' | 'still rejected' | 'needs a re-sync';
  detail: string;
};

/**
 * Re-applies one reject: a refused delta is validated again (an upgrade or a fixed limit may
 * accept it now) and, if it lands, leaves `mirror_rejects` in the same transaction. A record the
 * source could not turn into a delta can only come back through the source itself.
 */
async function retryOne(session: MirrorSession, reject: RejectedRecord): Promise<RetryOutcome> {
  const base = { id: reject.id, source: reject.source };
  if (reject.kind === 'record') {
    return {
      ...base,
      outcome: 'needs a re-sync',
      detail: `the source could not read it; after fixing the source's config run \`oxide-mirror cursor reset ${reject.source}\` and sync`,
    };
  }
  try {
    const [outcome] = await session.store.applyBatch(
      [parseJson(reject.raw) as unknown as Delta],
      session.strategy,
      { onInvalid: 'fail', resolvesRejects: [reject.id] },
    );
    return { ...base, outcome: 'applied', detail: outcome?.decision ?? 'applied' };
  } catch (error) {
    if (!(error instanceof InvalidDeltaError)) throw error;
    return { ...base, outcome: 'still rejected', detail: `${error.field} ${error.problem}` };
  }
}

/** A reject as `--json` prints it, with the keys in the order the table shows them. */
function rejectJson(reject: RejectedRecord): Record<string, unknown> {
  const { id, source, resource, recordId, kind, reason, rejectedAt, raw } = reject;
  return { id, source, resource, recordId, kind, reason, rejectedAt, raw };
}

/** `oxide-mirror rejects list|retry`: the records the mirror set aside instead of mirroring. */
export function rejectsCommand(runtime: CommandRuntime): Command {
  const rejects = new Command('rejects').description(
    'show or re-apply the records the mirror set aside (mirror_rejects) instead of mirroring them',
  );
  rejects
    .command('list')
    .description('list rejected records with their reason and raw JSON, oldest first')
    .argument('[source]', 'only this source')
    .option('--resource <name>', 'only this resource')
    .option('--limit <n>', 'at most this many', positiveInt)
    .option('--json', 'print a JSON array')
    .action(async (source: string | undefined, options: RejectsOptions, command: Command) => {
      await withSession(runtime, command, async (session) => {
        const found = await session.store.listRejects(filterOf(source, options));
        if (options.json === true) {
          // The raw text stays text: it is what the source sent, which may not even be JSON.
          printJson(runtime, found.map(rejectJson));
          return;
        }
        const rows = found.map((reject) => ({
          id: reject.id,
          source: reject.source,
          resource: reject.resource,
          record_id: reject.recordId,
          kind: reject.kind,
          reason: reject.reason,
          rejected_at: reject.rejectedAt,
          raw: reject.raw,
        }));
        printRows(runtime, rows, {});
      });
    });
  rejects
    .command('retry')
    .description(
      're-apply rejected records (after an upgrade or a config change); those that land leave mirror_rejects',
    )
    .argument('[source]', 'only this source')
    .option('--id <n>', 'only this reject (repeatable)', collectIds)
    .option('--json', 'print a JSON array')
    .action(async (source: string | undefined, options: RejectsOptions, command: Command) => {
      await withSession(runtime, command, async (session) => {
        const found = await session.store.listRejects(filterOf(source, options));
        if (found.length === 0) throw new CliError('no rejected records match');
        const outcomes: RetryOutcome[] = [];
        for (const reject of found) outcomes.push(await retryOne(session, reject));
        printRows(runtime, outcomes, options);
      });
    });
  return rejects;
}
