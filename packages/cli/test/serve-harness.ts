import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCli } from './cli-harness';

/** A running `oxide-mirror serve`. */
export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  /** Everything it printed on stderr so far. */
  stderr(): string;
  /** Resolves once stderr matches `pattern`. */
  waitForStderr(pattern: RegExp): Promise<void>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Starts `oxide-mirror serve` in `dir` and resolves once it listens. */
export async function startServe(dir: string, env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = startCli(['serve'], dir, env);
  let stdout = '';
  let stderr = '';
  const watchers: { pattern: RegExp; resolve: () => void }[] = [];
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const watcher of watchers.filter((item) => item.pattern.test(stderr))) {
      watchers.splice(watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (\S+)/.exec(stdout);
      if (match) resolve(match[1] as string);
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}:\n${stderr}`)));
  });
  return {
    child,
    url,
    stderr: () => stderr,
    waitForStderr: (pattern) =>
      pattern.test(stderr)
        ? Promise.resolve()
        : new Promise((resolve) => watchers.push({ pattern, resolve })),
    exited,
  };
}

/** Stops `serve` if it is still running (SIGTERM, the orderly stop) and waits for it to exit. */
export async function stopServe(serve: ServeProcess | undefined): Promise<void> {
  if (serve === undefined || serve.child.exitCode !== null) return;
  serve.child.kill('SIGTERM');
  await serve.exited;
}

/** A local REST API with `total` records, `size` per page, paged by a next cursor. */
export interface PagedApi {
  url: string;
  /** Pages requested so far (1-based), in order. */
  requests: number[];
  /** Holds every request for page `from` and later until {@link release}. */
  holdFrom(from: number): void;
  /** Answers the held requests and holds no more. */
  release(): void;
  /** Resolves once page `page` has been requested. */
  requested(page: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a {@link PagedApi} on loopback; the records at the indexes in `withoutId` lack their
 * id, so the mirror sets them aside as rejects.
 */
export async function startPagedApi(
  total: number,
  size: number,
  withoutId: readonly number[] = [],
): Promise<PagedApi> {
  const requests: number[] = [];
  let holdFrom = Infinity;
  let held: (() => void)[] = [];
  const waiting: { page: number; resolve: () => void }[] = [];
  const server: Server = createServer((request, response) => {
    const start = Number(new URL(request.url ?? '/', 'http://api').searchParams.get('cursor') ?? 0);
    const page = start / size + 1;
    requests.push(page);
    for (const wait of waiting.filter((item) => item.page === page)) wait.resolve();
    const answer = (): void => {
      const records = [];
      for (let i = start; i < Math.min(start + size, total); i++) {
        const id = withoutId.includes(i) ? {} : { id: `r${i}` };
        records.push({ ...id, name: `record ${i}`, updated_at: '2026-01-01T00:00:00Z' });
      }
      const next = start + size < total ? String(start + size) : null;
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ records, next }));
    };
    if (page >= holdFrom) held.push(answer);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    holdFrom: (from) => {
      holdFrom = from;
    },
    release: () => {
      holdFrom = Infinity;
      const answers = held;
      held = [];
      for (const answer of answers) answer();
    },
    requested: (page) =>
      requests.includes(page)
        ? Promise.resolve()
        : new Promise((resolve) => waiting.push({ page, resolve })),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A source-http source over a {@link PagedApi}. */
export function pagedSource(
  api: PagedApi,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    use: '@oxide-mirror/source-http',
    options: {
      baseUrl: api.url,
      resources: [
        {
          name: 'items',
          path: '/items',
          recordsAt: 'records',
          idField: 'id',
          updatedAtField: 'updated_at',
          pagination: { kind: 'next-cursor', cursorPath: 'next', param: 'cursor' },
        },
      ],
    },
    ...extra,
  };
}

/**
 * Runs `oxide-mirror args…` to its end without blocking this process, for commands that talk
 * to a server running in the test (a synchronous spawn would stop it from answering).
 */
export async function runCliAsync(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = startCli(args, cwd, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stdout, stderr };
}
