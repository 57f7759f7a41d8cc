import type { IncomingMessage, ServerResponse } from 'node:http';
import { messageOf } from '../cli-error';
import { hasBearerToken } from './bearer-token';
import { BodyTooLarge, readBody, send, sendJson } from './http-replies';
import type { McpHttpSessions } from './mcp-http';
import type { ServeMetrics } from './serve-metrics';
import type { TriggerResult } from './sync-scheduler';
import { validWebhookSignature } from './webhook-signature';

/** A source's webhook with its secret resolved. */
export interface ResolvedWebhook {
  secret: string;
  /** Header name, lower case as Node gives headers. */
  header: string;
}

/** What the routes of `serve` answer from. */
export interface ServeRoutesContext {
  metrics: ServeMetrics;
  /** Webhooks by source id. */
  hooks: ReadonlyMap<string, ResolvedWebhook>;
  /** MCP over HTTP with its bearer token; absent when the config does not turn it on. */
  mcp: { sessions: McpHttpSessions; token: string } | undefined;
  /** Asks for a sync of `source` now. */
  trigger(source: string): TriggerResult;
  /** Sources whose live stream is followed continuously: there is nothing to trigger. */
  followed: ReadonlySet<string>;
  /** True once the server is shutting down. */
  stopping(): boolean;
  /** The status page's HTML. */
  statusPage(): Promise<string>;
  /** Scrubs secrets from error messages. */
  redact(text: string): string;
}

/**
 * The request handler of `serve`: `/` (status page), `/healthz`, `/metrics`,
 * `POST /hooks/<source>` and `/mcp`. Every failure is answered with a status code and a message
 * saying what was wrong; none takes the server down.
 */
export function serveRoutes(
  context: ServeRoutesContext,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    route(context, request, response).catch((error: unknown) => {
      const tooLarge = error instanceof BodyTooLarge;
      if (tooLarge) {
        // The rest of the body is never read: the connection cannot carry another request.
        response.setHeader('Connection', 'close');
        response.once('finish', () => request.destroy());
      }
      const status = tooLarge ? 413 : 500;
      if (!response.headersSent) {
        sendJson(response, status, { error: context.redact(messageOf(error)) });
      } else response.end();
    });
  };
}

async function route(
  context: ServeRoutesContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://serve').pathname;
  const method = request.method ?? 'GET';
  if (path.startsWith('/hooks/'))
    return hook(context, decodeURIComponent(path.slice(7)), request, response);
  if (path === '/mcp') return mcp(context, request, response);
  if (method !== 'GET' && method !== 'HEAD') {
    return sendJson(response, 405, { error: `${method} is not served at ${path}` });
  }
  if (path === '/healthz') {
    const stopping = context.stopping();
    return sendJson(response, stopping ? 503 : 200, { status: stopping ? 'stopping' : 'ok' });
  }
  if (path === '/metrics') {
    const text = await context.metrics.registry.metrics();
    return send(response, 200, context.metrics.registry.contentType, text);
  }
  if (path === '/')
    return send(response, 200, 'text/html; charset=utf-8', await context.statusPage());
  sendJson(response, 404, {
    error: `nothing at ${path}: try /, /healthz, /metrics, /hooks/<source>, /mcp`,
  });
}

async function hook(
  context: ServeRoutesContext,
  source: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== 'POST') {
    return sendJson(response, 405, { error: 'webhooks are POST requests' });
  }
  if (context.followed.has(source)) {
    return sendJson(response, 409, {
      error:
        `source '${source}' follows its live stream continuously: ` +
        'it is always up to date, and a webhook has nothing to trigger',
    });
  }
  const webhook = context.hooks.get(source);
  if (webhook === undefined) {
    return sendJson(response, 404, { error: `no webhook for source '${source}' in the config` });
  }
  const body = await readBody(request);
  const signature = request.headers[webhook.header];
  if (
    !validWebhookSignature(
      body,
      typeof signature === 'string' ? signature : undefined,
      webhook.secret,
    )
  ) {
    return sendJson(response, 401, {
      error: `bad or missing signature in ${webhook.header}: expected sha256=<HMAC-SHA256 of the body, hex>`,
    });
  }
  if (context.stopping()) return sendJson(response, 503, { error: 'shutting down' });
  sendJson(response, 202, { source, sync: context.trigger(source) });
}

async function mcp(
  context: ServeRoutesContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (context.mcp === undefined) {
    return sendJson(response, 404, {
      error: 'MCP over HTTP is off: set serve.mcp.token to { "$env": "VARIABLE" } in the config',
    });
  }
  if (!hasBearerToken(request.headers.authorization, context.mcp.token)) {
    response.setHeader('WWW-Authenticate', 'Bearer');
    return sendJson(response, 401, { error: 'missing or wrong bearer token' });
  }
  let body: unknown;
  if (request.method === 'POST') {
    try {
      body = JSON.parse((await readBody(request)).toString('utf8')) as unknown;
    } catch (error) {
      if (error instanceof BodyTooLarge) throw error;
      return sendJson(response, 400, {
        jsonrpc: '2.0',
        error: { code: -32700, message: `the body is not JSON: ${messageOf(error)}` },
        id: null,
      });
    }
  }
  await context.mcp.sessions.handle(request, response, body);
}
