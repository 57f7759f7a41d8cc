import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { checkCommand } from './commands/check-command';
import { copyCommand } from './commands/copy-command';
import { cursorCommand } from './commands/cursor-command';
import { demoCommand } from './commands/demo-command';
import { describeCommand } from './commands/describe-command';
import { eventsCommand } from './commands/events-command';
import { historyCommand } from './commands/history-command';
import { initCommand } from './commands/init-command';
import { mcpCommand } from './commands/mcp-command';
import { pluginsCommand } from './commands/plugins-command';
import { queryCommand } from './commands/query-command';
import { rebuildCommand } from './commands/rebuild-command';
import { rejectsCommand } from './commands/rejects-command';
import { resourcesCommand } from './commands/resources-command';
import { schemaCommand } from './commands/schema-command';
import { serveCommand } from './commands/serve-command';
import { statusCommand } from './commands/status-command';
import { syncCommand } from './commands/sync-command';
import type { CommandRuntime } from './command-runtime';

const HELP_AFTER = `
Config file (oxide-mirror.config.json in the working directory, or --config <file>):
  {
    "database": "mirror.db",
    "strategy": "last-write-wins",
    "sources": {
      "crm": {
        "use": "@oxide-mirror/source-http",
        "options": {
          "baseUrl": "https://crm.example.com/v2",
          "headers": { "X-Api-Key": { "$env": "CRM_API_KEY" } },
          "resources": [{ "name": "crm_contacts", "path": "/contacts", "idField": "id" }]
        }
      }
    },
    "resources": { "billing_invoices": { "strategy": "keep-local" } }
  }
  Plugins and relative paths resolve from the config's folder; secrets come only from the
  environment ({ "$env": "NAME" }). See the @oxide-mirror/cli README for every field.

Exit codes:
  0    success
  1    failure: bad config, unknown plugin, invalid option, refused query, every source failed
  2    usage error: unknown command or option, missing argument
  3    partial sync: a source failed after pages or other sources committed (rerun to resume)
  130  interrupted (Ctrl-C)

Examples:
  $ oxide-mirror demo                      mirror three bundled demo services and join them
  $ oxide-mirror check                     validate the config and preview a sync, writing nothing
  $ oxide-mirror sync                      sync every configured source
  $ oxide-mirror query "SELECT resource, count(*) AS n FROM mirror_records GROUP BY resource"
  $ oxide-mirror describe crm_contacts
  $ oxide-mirror history crm_contacts c-001
  $ oxide-mirror status
  $ oxide-mirror rejects list              records set aside instead of mirrored, with the reason
  $ oxide-mirror copy --to postgres://db/m move the mirror to another store, checked equal
  $ oxide-mirror mcp                       serve the mirror to AI agents over MCP (stdio)
  $ oxide-mirror serve                     sync on schedules; status page, metrics, MCP over HTTP
  $ oxide-mirror plugins                   the plugins and the options each takes
  $ oxide-mirror schema                    write the config's JSON Schema, for editors
  $ oxide-mirror init source petstore      create a source plugin package, tests included`;

function version(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** Every command, configured to report through `runtime` rather than exiting the process. */
export function buildProgram(runtime: CommandRuntime): Command {
  const program = new Command('oxide-mirror')
    .description(
      'Mirror your services into one database (a SQLite file or PostgreSQL) and ask read-only SQL over all of it.',
    )
    .version(version(), '-V, --version', 'print the version')
    .option('-c, --config <file>', 'config file (default: ./oxide-mirror.config.json)')
    .option(
      '--db <file>',
      "mirror database to use instead of the config's (read commands need no config with it)",
    )
    .helpOption('-h, --help', 'show help for a command')
    .showSuggestionAfterError()
    .addHelpText('after', HELP_AFTER);
  for (const command of [
    syncCommand(runtime),
    checkCommand(runtime),
    queryCommand(runtime),
    resourcesCommand(runtime),
    describeCommand(runtime),
    historyCommand(runtime),
    eventsCommand(runtime),
    rebuildCommand(runtime),
    copyCommand(runtime),
    statusCommand(runtime),
    cursorCommand(runtime),
    rejectsCommand(runtime),
    demoCommand(runtime),
    mcpCommand(runtime),
    serveCommand(runtime),
    pluginsCommand(runtime),
    schemaCommand(runtime),
    initCommand(runtime),
  ]) {
    program.addCommand(command);
  }
  configureAll(program, runtime);
  return program;
}

/** `addCommand` does not pass settings down, so every command is configured explicitly. */
function configureAll(command: Command, runtime: CommandRuntime): void {
  command.exitOverride();
  command.configureOutput({
    writeOut: (text) => runtime.out(text),
    writeErr: (text) => runtime.err(text),
    getOutHelpWidth: () => runtime.io.stdout.columns ?? 100,
    getErrHelpWidth: () => runtime.io.stderr.columns ?? 100,
  });
  for (const sub of command.commands) configureAll(sub, runtime);
}
