import { Command, InvalidArgumentError } from 'commander';
import {
  stringifyJson,
  type EventFilter,
  type MirrorStore,
  type StoredEvent,
} from '@oxide-mirror/core';
import type { CommandRuntime } from '../command-runtime';
import { MirrorSession } from '../composition/mirror-session';

/** Options of `events`. */
interface EventsOptions {
  source?: string;
  resource?: string;
  id?: string;
  after?: number;
  limit?: number;
  follow?: boolean;
  interval: number;
  json?: boolean;
}

/** Widest payload on a terminal line. */
const TERMINAL_PAYLOAD_WIDTH = 80;

function nonNegativeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError('must be a whole number, 0 or more');
  }
  return value;
}

/** `oxide-mirror events`: reads (and with `--follow`, watches) the event log. */
export function eventsCommand(runtime: CommandRuntime): Command {
  return new Command('events')
    .summary('print the event log (--follow to watch it)')
    .description('print the event log, oldest first; --follow keeps watching for new events')
    .option('--source <id>', 'only events from this source')
    .option('--resource <name>', 'only events of this resource')
    .option('--id <recordId>', 'only events of this record (with --resource)')
    .option('--after <position>', 'only events after this log position', nonNegativeInteger)
    .option('--limit <n>', 'stop after this many events', nonNegativeInteger)
    .option('-f, --follow', 'keep running and print events as they are committed (Ctrl-C ends)')
    .option('--interval <ms>', 'how often --follow looks for new events', nonNegativeInteger, 500)
    .option('--json', 'print one JSON object per line (NDJSON)')
    .action(async (options: EventsOptions, command: Command) => {
      const session = await MirrorSession.open(runtime, command, { readOnly: true });
      try {
        await printEvents(runtime, session.store, options);
      } finally {
        await session.close();
      }
    });
}

async function printEvents(
  runtime: CommandRuntime,
  store: MirrorStore,
  options: EventsOptions,
): Promise<void> {
  const filter: EventFilter = {};
  if (options.source !== undefined) filter.source = options.source;
  if (options.resource !== undefined) filter.resource = options.resource;
  if (options.id !== undefined) filter.recordId = options.id;
  let after = options.after ?? 0;
  let remaining = options.limit ?? Number.POSITIVE_INFINITY;
  const terminal = runtime.io.stdout.isTTY === true;
  const signal = runtime.io.signal;
  for (;;) {
    const limit = Number.isFinite(remaining) ? remaining : undefined;
    for await (const event of store.readEvents({ ...filter, afterPosition: after, limit })) {
      runtime.out(options.json === true ? `${stringifyJson(event)}\n` : eventLine(event, terminal));
      after = event.position;
      remaining -= 1;
      if (signal.aborted) return;
    }
    if (options.follow !== true || remaining <= 0 || signal.aborted) return;
    await sleep(options.interval, signal);
    if (signal.aborted) return;
  }
}

/** One event as one line: position, time, source, op, record and payload. */
function eventLine(event: StoredEvent, terminal: boolean): string {
  const { delta } = event;
  let payload = delta.payload === null ? '' : stringifyJson(delta.payload);
  if (terminal && payload.length > TERMINAL_PAYLOAD_WIDTH) {
    payload = `${payload.slice(0, TERMINAL_PAYLOAD_WIDTH - 1)}…`;
  }
  const fields = [
    `#${event.position}`,
    delta.occurredAt,
    delta.provenance.source,
    delta.op,
    `${delta.resource}/${delta.recordId}`,
    payload,
  ];
  return `${fields.join('  ').trimEnd()}\n`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
