import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { BenchResults } from '../src/report';

const main = join(__dirname, '..', 'dist', 'main.js');

/** Every workload at a tiny size, one run: what `pnpm bench` prints, through the built command. */
function bench(...extra: string[]) {
  const args = [
    ...['--deltas', '3000', '--records', '600', '--batch', '500', '--runs', '1'],
    ...['--lookups', '200', '--group-bys', '1'],
    ...['--http-records', '300', '--http-bulk', '2000'],
    ...extra,
  ];
  return spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });
}

describe('pnpm bench', () => {
  it('prints every target with PASS or FAIL, and --check turns a FAIL into exit code 1', () => {
    const run = bench('--json', '--check');
    const results = JSON.parse(run.stdout) as BenchResults;
    const targets = results.targets.map((check) => `${check.workload} ${check.target}`);
    for (const expected of [
      /^W1 last-write-wins ≥ 1.3× same-work$/,
      /^W1 last-write-wins ≥ 0.6× bare$/,
      /^W1 database after W1 .* ≤ 1.6× payload JSON$/,
      /^W2 rebuild ≥ 1.0× raw replay$/,
      /^W3 record-lookup .* ≤ 1.2× raw time$/,
      /^W3 query-lookup .* ≤ 2× raw time$/,
      /^W3 group-by .* ≤ 1.1× raw time$/,
      /^W4 ingest peak RSS flat to 6,000 deltas/,
      /^W4 rebuild peak RSS flat to 6,000 deltas/,
      /^W5 with latency ≤ 1.25×/,
      /^W5 without latency ≤ 2×/,
      /^W5 database after the no-latency sync ≤ 1.6× payload JSON$/,
    ]) {
      expect(targets).toContainEqual(expect.stringMatching(expected));
    }
    const failed = results.targets.filter((check) => !check.met).length;
    expect(run.status).toBe(failed > 0 ? 1 : 0);
    expect(run.stderr).toContain(failed > 0 ? `${failed} of ${targets.length} targets FAIL` : 'W5');
  });

  it('exits 0 without --check and ends the report with the targets', () => {
    const run = bench('--workloads', 'w3');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/## Targets[\s\S]*\| W3 +\| record-lookup[^\n]*\| (PASS|FAIL) +\|/);
    expect(run.stdout).toMatch(/\d+ of 3 targets pass\./);
  });
});
