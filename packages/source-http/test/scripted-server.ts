import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Answers one request; `index` counts requests from 0. */
export type Script = (req: IncomingMessage, res: ServerResponse, url: URL, index: number) => void;

/** A loopback HTTP server whose every answer a test writes by hand. */
export class ScriptedServer {
  /** Every request URL received, in order. */
  readonly seen: URL[] = [];

  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:<port>` */
    readonly url: string,
  ) {}

  /** Starts a server that answers with `script`. */
  static async start(script: Script): Promise<ScriptedServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const scripted = new ScriptedServer(server, `http://127.0.0.1:${port}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', scripted.url);
      scripted.seen.push(url);
      script(req, res, url, scripted.seen.length - 1);
    });
    return scripted;
  }

  /** Stops the server, cutting open connections. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Sends `body` as JSON with `status` and extra `headers`. */
export function sendJson(
  res: ServerResponse,
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}
