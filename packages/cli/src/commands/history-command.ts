import { Command } from 'commander';
import { stringifyJson, type MirroredRecord, type RecordHistoryEntry } from '@oxide-mirror/core';
import { CliError } from '../cli-error';
import type { CommandRuntime } from '../command-runtime';
import { MirrorSession } from '../composition/mirror-session';
import { renderTable } from '../output/table';
import { tabularOf } from '../output/tabular';

/** `oxide-mirror history <resource> <id>`: every change that reached one record. */
export function historyCommand(runtime: CommandRuntime): Command {
  return new Command('history')
    .summary('every event of one record and what was decided')
    .description(
      'show every event of one record, what the strategy decided and the version after it',
    )
    .argument('<resource>', "the record's resource")
    .argument('<id>', "the record's id")
    .option('--as-of <time>', 'instead, print the record as it stood at this ISO-8601 time')
    .option('--json', 'print JSON')
    .action(
      async (
        resource: string,
        id: string,
        options: { json?: boolean; asOf?: string },
        command: Command,
      ) => {
        const session = await MirrorSession.open(runtime, command, { readOnly: true });
        try {
          if (options.asOf !== undefined) {
            await printAsOf(runtime, session, resource, id, options.asOf, options.json === true);
            return;
          }
          const entries = await session.store.history(resource, id);
          if (entries.length === 0) {
            throw new CliError(
              `no events for ${resource}/${id} (check the names with \`oxide-mirror resources\`)`,
            );
          }
          runtime.out(
            options.json === true
              ? `${stringifyJson(entries, 2)}\n`
              : renderHistory(entries, runtime.io.stdout.isTTY === true),
          );
        } finally {
          await session.close();
        }
      },
    );
}

async function printAsOf(
  runtime: CommandRuntime,
  session: MirrorSession,
  resource: string,
  id: string,
  asOf: string,
  json: boolean,
): Promise<void> {
  if (Number.isNaN(new Date(asOf).getTime())) {
    throw new CliError(
      `--as-of: '${asOf}' is not a time (use ISO-8601, e.g. 2024-03-05T12:00:00Z)`,
    );
  }
  const record: MirroredRecord | undefined = await session.store.recordAt(resource, id, asOf);
  if (json) runtime.out(`${stringifyJson(record ?? null, 2)}\n`);
  else if (record === undefined) runtime.out(`${resource}/${id} did not exist at ${asOf}\n`);
  else runtime.out(`${stringifyJson(record, 2)}\n`);
}

function renderHistory(entries: readonly RecordHistoryEntry[], terminal: boolean): string {
  const rows = entries.map(({ event, decision, version }) => ({
    position: event.position,
    occurred_at: event.delta.occurredAt,
    recorded_at: event.recordedAt,
    source: event.delta.provenance.source,
    confidence: event.delta.provenance.confidence,
    op: event.delta.op,
    decision,
    version: version ?? null,
    payload: event.delta.payload === null ? null : stringifyJson(event.delta.payload),
  }));
  return renderTable(tabularOf(rows), { maxCellWidth: terminal ? 60 : undefined });
}
