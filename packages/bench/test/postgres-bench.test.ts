import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describeWithPostgres, serverUrl } from '../../store-postgres/test/postgres-server';
import type { PostgresResult } from '../src/workloads/postgres-workload';

const main = join(__dirname, '..', 'dist', 'main.js');

describeWithPostgres('pnpm bench --store postgres', () => {
  it('runs three worker processes on one mirror and reports the CPU beside the rates', () => {
    const args = ['--store', 'postgres', '--json', '--runs', '1'];
    const sizes = ['--deltas', '1500', '--records', '400', '--batch', '500'];
    const run = spawnSync(process.execPath, [main, ...args, ...sizes], {
      encoding: 'utf8',
      env: { ...process.env, OXIDE_MIRROR_BENCH_POSTGRES_URL: serverUrl() },
    });
    expect(run.stderr).toContain('three sources at once (three processes)');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as PostgresResult;
    expect(result.threeWorkers).toBeGreaterThan(0);
    // The server is on this machine, so its CPU is read; both runs kept some of a core busy.
    expect(result.coresBusy?.one).toBeGreaterThan(0);
    expect(result.coresBusy?.three).toBeGreaterThan(0);
    expect(result.perCpuSecond?.three).toBeGreaterThan(0);
    expect(result.machine.cores).toBeGreaterThan(0);
    const names = result.targets.map((target) => target.name);
    expect(names).toContain('three workers ≥ 2× one');
    expect(names).toContainEqual(expect.stringMatching(/^three workers vs one, deltas per CPU/));
  });
});
