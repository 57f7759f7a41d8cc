import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CLI, makeTempDir, removeTempDir, runCli } from './cli-harness';

const API_KEY = 'help-example-key-51';

/** The JSON config printed under "Config file" in `oxide-mirror --help`. */
function helpConfig(dir: string): Record<string, unknown> {
  const help = runCli(['--help'], dir).stdout;
  const start = help.indexOf('{', help.indexOf('Config file'));
  const end = help.indexOf('\n  }\n', start) + 4;
  return JSON.parse(help.slice(start, end)) as Record<string, unknown>;
}

/** Runs the CLI without blocking this process, so the loopback API can answer it. */
function runCliAsync(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the config example in --help', () => {
  let dir: string;
  let server: Server;
  let url: string;

  beforeEach(async () => {
    dir = makeTempDir();
    server = createServer((req, res) => {
      const ok = req.headers['x-api-key'] === API_KEY && req.url === '/v2/contacts';
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? [{ id: 1, name: 'Ada' }] : { error: 'no' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    removeTempDir(dir);
  });

  it('syncs as printed, with only its host moved to a local server', async () => {
    const config = helpConfig(dir);
    const crm = (config.sources as Record<string, { options: { baseUrl: string } }>).crm;
    expect(crm?.options.baseUrl).toBe('https://crm.example.com/v2');
    (crm as { options: { baseUrl: string } }).options.baseUrl = `${url}/v2`;
    writeFileSync(join(dir, 'oxide-mirror.config.json'), JSON.stringify(config));

    const result = await runCliAsync(['sync'], dir, { CRM_API_KEY: API_KEY });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const rows = runCli(['query', 'SELECT record_id FROM mirror_records', '--json'], dir);
    expect(JSON.parse(rows.stdout)).toEqual([{ record_id: '1' }]);
  });
});
