import { Command } from 'commander';
import type { CommandRuntime } from '../command-runtime';
import { MirrorService } from '../serve/mirror-service';

/**
 * `oxide-mirror serve`: keeps the mirror fresh and serves it, until SIGTERM or Ctrl-C — each
 * source synced on its schedule, webhooks, a status page, `/healthz`, `/metrics` and MCP over
 * HTTP.
 */
export function serveCommand(runtime: CommandRuntime): Command {
  return new Command('serve')
    .summary('keep the mirror fresh on schedules and serve it over HTTP')
    .description(
      'sync every source on its "schedule" ("every 5m" or a cron expression), sync a source now on ' +
        'POST /hooks/<source> with a valid signature, follow the live stream of every source with ' +
        '"follow": true, and serve the status page (/), /healthz, ' +
        'Prometheus /metrics and MCP over Streamable HTTP (/mcp, with a bearer token)',
    )
    .addHelpText(
      'after',
      '\nConfigure it under "serve" and per source ("schedule", "webhook" or "follow"); see the\n' +
        "CLI README. SIGTERM or Ctrl-C: the page in flight (and each followed stream's batch in\n" +
        'flight) commits, its run is recorded as interrupted, and the process exits 0.',
    )
    .action(async (_options: unknown, command: Command) => {
      const settings = runtime.settings(command, true);
      const signal = runtime.io.signal;
      const service = await MirrorService.start({ runtime, command, settings, signal });
      runtime.out(`oxide-mirror serve: listening on ${service.url}\n`);
      if (!signal.aborted) {
        await new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => resolve(), { once: true }),
        );
      }
      runtime.err(
        'oxide-mirror serve: stopping after the page in flight (streams: the batch in flight)\n',
      );
      await service.stop();
      runtime.err('oxide-mirror serve: stopped\n');
    });
}
