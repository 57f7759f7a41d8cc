import { Command } from 'commander';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CommandRuntime } from '../command-runtime';
import { MirrorSession } from '../composition/mirror-session';
import { createMirrorMcpServer } from '../mcp/mirror-mcp-server';
import { OwnSessionSyncs } from '../mcp/own-session-syncs';

/** `oxide-mirror mcp`: serves the mirror to agents over the Model Context Protocol, on stdio. */
export function mcpCommand(runtime: CommandRuntime): Command {
  return new Command('mcp')
    .summary('serve the mirror to AI agents over MCP (stdio)')
    .description(
      'run a Model Context Protocol server on stdin/stdout with the tools list_resources, ' +
        'describe_resource, query, get_record, record_history, sync and sync_status, a guide ' +
        'and one description per resource view as resources, and prompts for common tasks',
    )
    .addHelpText(
      'after',
      '\nAdd it to an MCP client, for example:\n' +
        '  { "command": "oxide-mirror", "args": ["mcp", "--config", "/path/to/oxide-mirror.config.json"] }\n' +
        'The config\'s "mcp" section can switch syncing off ({ "allowSync": false }) and sets how\n' +
        'many rows and bytes a query returns (defaultRows, defaultBytes) and may ask for (maxRows,\n' +
        'maxBytes).',
    )
    .action(async (_options: unknown, command: Command) => {
      const settings = runtime.settings(command);
      const config = settings.config;
      const sources = config.mcp.allowSync ? Object.keys(config.sources) : [];
      // A server that may sync creates (or migrates) the mirror it will sync into; reads never
      // write.
      if (config.mcp.allowSync) {
        await (await MirrorSession.open(runtime, command, { settings })).close();
      }
      const session = await MirrorSession.open(runtime, command, { settings, readOnly: true });
      const redact = (text: string): string => runtime.secrets.redact(text);
      const syncs = new OwnSessionSyncs(
        () => MirrorSession.open(runtime, command, { settings, sources }),
        redact,
      );
      const server = await createMirrorMcpServer({
        session,
        startSync: (source, onProgress) => syncs.start(source, onProgress),
        syncableSources: sources,
        syncEnabled: config.mcp.allowSync,
        results: config.mcp,
        redact,
      });
      const transport = new StdioServerTransport();
      const closed = new Promise<void>((resolve) => {
        transport.onclose = () => resolve();
        process.stdin.once('end', () => resolve());
        // SIGTERM or Ctrl-C ends the server as the client closing stdin would.
        runtime.io.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await server.connect(transport);
      await closed;
      // Syncs still running stop after their page in flight, each recorded as interrupted.
      await syncs.stop();
      await server.close();
      await session.close();
    });
}
