import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The built binary the tests run, as a user would (`tsc -b` must have run). */
export const CLI = resolve(__dirname, '..', 'dist', 'main.js');

/** What one run of the binary printed and how it exited. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `oxide-mirror args…` in `cwd` and waits for it to end. */
export function runCli(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: cleanEnv(env),
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `oxide-mirror args…` in `cwd` without waiting, for commands that keep running. */
export function startCli(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [CLI, ...args], { cwd, env: cleanEnv(env) });
}

/** The test process's environment without anything that could change the CLI's behaviour. */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.OXIDE_MIRROR_DEBUG;
  delete env.NOPE;
  return env;
}

/** A fresh temp folder; remove it with {@link removeTempDir}. */
export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'oxide-mirror-cli-'));
}

/** Removes a folder made by {@link makeTempDir}. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Writes `config` as `oxide-mirror.config.json` (or `name`) in `dir`. */
export function writeConfig(
  dir: string,
  config: unknown,
  name = 'oxide-mirror.config.json',
): string {
  const file = join(dir, name);
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return file;
}

/** A delta as a static source's config holds it. */
export function upsert(
  resource: string,
  recordId: string,
  payload: Record<string, unknown>,
  source: string,
  occurredAt: string,
  confidence = 1,
): Record<string, unknown> {
  return {
    resource,
    recordId,
    op: 'upsert',
    payload,
    occurredAt,
    provenance: { source, confidence },
  };
}

/** A static source in config, serving `pages` of deltas (every page but the last says more follow). */
export function staticSource(pages: readonly unknown[][]): Record<string, unknown> {
  return {
    use: '@oxide-mirror/source-static',
    options: {
      pages: pages.map((deltas, index) => ({ deltas, hasMore: index < pages.length - 1 })),
    },
  };
}

/**
 * The config most tests share: a CRM with two contacts over two pages (Ada renamed in the second,
 * with lower confidence) and a billing source with one invoice per contact.
 */
export function peopleConfig(): Record<string, unknown> {
  return {
    database: 'mirror.db',
    sources: {
      crm: staticSource([
        [
          upsert(
            'contacts',
            'c1',
            { name: 'Ada', email: 'ada@example.com', age: 36 },
            'crm',
            '2024-01-01T00:00:00.000Z',
          ),
          upsert(
            'contacts',
            'c2',
            { name: 'Grace', email: null, vip: true },
            'crm',
            '2024-01-01T00:00:00.000Z',
          ),
        ],
        [
          upsert(
            'contacts',
            'c1',
            { name: 'Ada L', email: 'ada@example.com', age: 36.5 },
            'crm',
            '2024-01-02T00:00:00.000Z',
            0.5,
          ),
        ],
      ]),
      billing: staticSource([
        [
          upsert(
            'invoices',
            'i1',
            { email: 'ada@example.com', amount: 120.5, status: 'open' },
            'billing',
            '2024-01-03T00:00:00.000Z',
          ),
          upsert(
            'invoices',
            'i2',
            { email: 'grace@example.com', amount: 80, status: 'paid' },
            'billing',
            '2024-01-03T00:00:00.000Z',
          ),
        ],
      ]),
    },
  };
}

/** Parses stdout as JSON, failing the test with the output when it is not. */
export function json<T = unknown>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** A fingerprint of a database file and its WAL: any write would change it. */
export function fingerprint(path: string): string {
  const hash = createHash('sha256').update(readFileSync(path));
  if (existsSync(`${path}-wal`)) hash.update(readFileSync(`${path}-wal`));
  return hash.digest('hex');
}

/**
 * An MCP client (the SDK's own) connected to `oxide-mirror mcp` started in `dir`, with `args`
 * before the command (`['--db', 'mirror.db']`).
 */
export async function connectMcp(
  dir: string,
  name: string,
  args: readonly string[] = [],
): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [CLI, ...args, 'mcp'],
      cwd: dir,
      stderr: 'pipe',
    }),
  );
  return client;
}
