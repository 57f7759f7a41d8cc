import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { sendJson } from './http-replies';

/** One agent's MCP session: its own server over its own transport. */
interface Session {
  server: McpServer;
  transport: StreamableHTTPServerTransport;
}

/**
 * MCP over Streamable HTTP (the SDK's transport) for many agents at once: an `initialize`
 * request opens a session with a server of its own, and every later request names its session
 * in the `Mcp-Session-Id` header. Sessions end when the client deletes them or the host stops.
 */
export class McpHttpSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly createServer: () => Promise<McpServer>) {}

  /** Open sessions. */
  get size(): number {
    return this.sessions.size;
  }

  /** Serves one request to `/mcp`; `body` is the parsed JSON of a POST. */
  async handle(request: IncomingMessage, response: ServerResponse, body: unknown): Promise<void> {
    const id = request.headers['mcp-session-id'];
    const existing = typeof id === 'string' ? this.sessions.get(id) : undefined;
    if (existing !== undefined) return existing.transport.handleRequest(request, response, body);
    if (id === undefined && request.method === 'POST' && isInitializeRequest(body)) {
      const session = await this.open();
      return session.transport.handleRequest(request, response, body);
    }
    sendJson(response, id === undefined ? 400 : 404, {
      jsonrpc: '2.0',
      error: {
        code: -32000,
        message:
          id === undefined
            ? 'no Mcp-Session-Id: start with an initialize request'
            : 'unknown or closed MCP session: initialize a new one',
      },
      id: null,
    });
  }

  /** Closes every session. */
  async close(): Promise<void> {
    const open = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(open.map((session) => session.server.close()));
  }

  private async open(): Promise<Session> {
    const server = await this.createServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sessionId) => {
        this.sessions.set(sessionId, { server, transport });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) this.sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    return { server, transport };
  }
}
