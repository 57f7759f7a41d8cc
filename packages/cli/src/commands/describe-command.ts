import { stringifyJson, type ResourceDescription } from '@oxide-mirror/core';
import { Command } from 'commander';
import { CliError } from '../cli-error';
import type { CommandRuntime } from '../command-runtime';
import { MirrorSession } from '../composition/mirror-session';
import { renderTable } from '../output/table';
import { tabularOf } from '../output/tabular';

/** `oxide-mirror describe <resource>`: the shape and freshness of one resource. */
export function describeCommand(runtime: CommandRuntime): Command {
  return new Command('describe')
    .summary('fields, types, row count and freshness of a resource')
    .description('show a resource: its fields and the types seen, row count and freshness')
    .argument('<resource>', 'a resource name, as `oxide-mirror resources` lists it')
    .option('--json', 'print the description as JSON')
    .action(async (resource: string, options: { json?: boolean }, command: Command) => {
      const session = await MirrorSession.open(runtime, command, { readOnly: true });
      try {
        const known = await session.store.listResources();
        if (!known.includes(resource)) {
          const list = known.length > 0 ? known.join(', ') : 'none yet';
          throw new CliError(`unknown resource '${resource}' (resources: ${list})`);
        }
        const description = await session.store.describeResource(resource);
        runtime.out(
          options.json === true
            ? `${stringifyJson(description, 2)}\n`
            : renderDescription(description, runtime.io.stdout.isTTY === true),
        );
      } finally {
        await session.close();
      }
    });
}

function renderDescription(description: ResourceDescription, terminal: boolean): string {
  const head = [
    `resource  ${description.resource}`,
    `records   ${description.records} live, ${description.events} events in the log`,
    ...(description.view === null ? [] : [`view      ${description.view}`]),
  ].join('\n');
  const fields = description.fields.map((field) => ({
    field: field.field,
    types: field.types.join(' | '),
    records: field.records,
    example: field.example,
  }));
  const freshness = description.freshness.map((entry) => ({
    source: entry.source,
    records: entry.records,
    last_synced_at: entry.lastSyncedAt,
    latest_change: entry.latestChange,
  }));
  const maxCellWidth = terminal ? 40 : undefined;
  return (
    `${head}\n\nfields\n` +
    renderTable(tabularOf(fields, ['field', 'types', 'records', 'example']), { maxCellWidth }) +
    '\nfreshness\n' +
    renderTable(tabularOf(freshness, ['source', 'records', 'last_synced_at', 'latest_change']))
  );
}
