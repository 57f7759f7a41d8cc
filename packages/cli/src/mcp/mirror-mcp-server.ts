import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpContext } from './mcp-context';
import { registerDescribeResource } from './tools/describe-resource-tool';
import { registerGetRecord } from './tools/get-record-tool';
import { registerListResources } from './tools/list-resources-tool';
import { registerQuery } from './tools/query-tool';
import { registerRecordHistory } from './tools/record-history-tool';
import { registerSync } from './tools/sync-tool';
import { registerSyncStatus } from './tools/sync-status-tool';

const INSTRUCTIONS =
  'A local, read-only mirror of several services (CRM, tickets, billing, …) in one SQLite database. ' +
  'Start with list_resources and describe_resource, then answer questions with query, joining ' +
  'resources on shared values such as emails or ids. get_record and record_history explain single ' +
  'records; sync_status tells how fresh the data is.';

function version(): string {
  const manifest = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'),
  ) as {
    version: string;
  };
  return manifest.version;
}

/**
 * The MCP server over a mirror: the seed's agent operations (sync, query, get_record,
 * list_records, resources, counts) as MCP tools, built on the official SDK.
 */
export function createMirrorMcpServer(context: McpContext): McpServer {
  const server = new McpServer(
    { name: 'oxide-mirror', version: version() },
    { instructions: INSTRUCTIONS },
  );
  registerListResources(server, context);
  registerDescribeResource(server, context);
  registerQuery(server, context);
  registerGetRecord(server, context);
  registerRecordHistory(server, context);
  // An agent that may not sync should not be offered a tool that only says no.
  if (context.syncEnabled) registerSync(server, context);
  registerSyncStatus(server, context);
  return server;
}
