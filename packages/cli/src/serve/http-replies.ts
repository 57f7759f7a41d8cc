import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body `serve` reads (webhooks, MCP messages): 4 MiB. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** A request body over {@link MAX_BODY_BYTES}. */
export class BodyTooLarge extends Error {
  constructor() {
    super(`request body over ${MAX_BODY_BYTES} bytes`);
  }
}

/** Reads the whole body of `request`, refusing one over {@link MAX_BODY_BYTES}. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Ends `response` with `status` and `value` as JSON. */
export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', `${JSON.stringify(value)}\n`);
}

/** Ends `response` with `status` and `body` of `type`. */
export function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  response.end(body);
}
