import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpContext } from './mcp-context';
import { mirrorInstructions } from './mirror-instructions';
import { registerCrossServiceQuestionPrompt } from './prompts/cross-service-question-prompt';
import { registerRecordHistoryPrompt } from './prompts/record-history-prompt';
import { registerGuideResource } from './resources/guide-resource';
import { registerViewResources } from './resources/view-resource';
import { sqlDialectOf } from './sql-dialect';
import { registerDescribeResource } from './tools/describe-resource-tool';
import { registerGetRecord } from './tools/get-record-tool';
import { registerListResources } from './tools/list-resources-tool';
import { registerQuery } from './tools/query-tool';
import { registerRecordHistory } from './tools/record-history-tool';
import { registerSync } from './tools/sync-tool';
import { registerSyncStatus } from './tools/sync-status-tool';

function version(): string {
  const manifest = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'),
  ) as {
    version: string;
  };
  return manifest.version;
}

/**
 * The MCP server over a mirror, built on the official SDK: instructions written from what the
 * mirror holds when the client connects; the agent operations (sync, query, get_record,
 * record_history, resources, freshness) as MCP tools; a guide and one description per view as
 * MCP resources; and prompts for common tasks.
 */
export async function createMirrorMcpServer(context: McpContext): Promise<McpServer> {
  const store = context.session.store;
  const instructions = await mirrorInstructions(store, sqlDialectOf(context.session.settings));
  const server = new McpServer({ name: 'oxide-mirror', version: version() }, { instructions });
  registerListResources(server, context);
  registerDescribeResource(server, context);
  registerQuery(server, context);
  registerGetRecord(server, context);
  registerRecordHistory(server, context);
  // An agent that may not sync should not be offered a tool that only says no.
  if (context.syncEnabled) registerSync(server, context);
  registerSyncStatus(server, context);
  registerGuideResource(server, context);
  registerViewResources(server, context);
  registerCrossServiceQuestionPrompt(server, context);
  registerRecordHistoryPrompt(server, context);
  return server;
}
