import { json, makeTempDir, removeTempDir, runCli, startCli, writeConfig } from './cli-harness';
import { pagedSource, startPagedApi, type PagedApi } from './serve-harness';

describe('an interrupted sync', () => {
  let dir: string;
  let api: PagedApi;

  beforeEach(async () => {
    dir = makeTempDir();
    api = await startPagedApi(40, 5);
  });
  afterEach(async () => {
    await api.close();
    removeTempDir(dir);
  });

  it('on Ctrl-C commits the page in flight and is recorded as interrupted with what it committed', async () => {
    writeConfig(dir, { database: 'mirror.db', sources: { items: pagedSource(api) } });
    api.holdFrom(4);
    const sync = startCli(['sync', '--json'], dir);
    let stderr = '';
    let stdout = '';
    const stopping = new Promise<void>((resolve) =>
      sync.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/stopping after the page in flight/.test(stderr)) resolve();
      }),
    );
    sync.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => sync.on('exit', resolve));
    await api.requested(4);
    sync.kill('SIGINT');
    await stopping;
    api.release();
    expect(await exited).toBe(130);

    const report = JSON.parse(stdout) as {
      runs: { outcome: string; pages: number; applied: number }[];
    };
    const [run] = report.runs;
    expect(run?.outcome).toBe('interrupted');
    expect(run?.pages).toBeGreaterThanOrEqual(3);
    expect(run?.applied).toBe((run?.pages ?? 0) * 5);
    const counted = json<{ n: number }[]>(
      runCli(['query', '--json', 'SELECT count(*) AS n FROM items'], dir),
    );
    expect(counted).toEqual([{ n: run?.applied }]);
    const status = json<{ lastOutcome: string; partial: boolean }[]>(
      runCli(['status', '--json'], dir),
    );
    expect(status[0]).toMatchObject({ lastOutcome: 'interrupted', partial: true });
  }, 60_000);
});
