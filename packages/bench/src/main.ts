import { BenchSession } from './bench-session';
import { stopWorkers } from './child-runner';
import { commandLine, machineInfo } from './machine-info';
import { OptionsError, USAGE, parseBenchOptions, type BenchOptions } from './options';
import { formatReport, type BenchResults, type WorkloadResults } from './report';
import { checkTargets } from './targets';
import { runHttpWorkload } from './workloads/http-workload';
import { runIngestWorkload } from './workloads/ingest-workload';
import { runMemoryWorkload } from './workloads/memory-workload';
import { formatPostgresResult, runPostgresWorkload } from './workloads/postgres-workload';
import { runQueryWorkload } from './workloads/query-workload';
import { runRebuildWorkload } from './workloads/rebuild-workload';

/** Runs the selected workloads in order; W2 and W3 reuse W1's log, W4 reuses W1's and W2's peaks. */
async function runWorkloads(
  session: BenchSession,
  options: BenchOptions,
): Promise<WorkloadResults> {
  const selected = new Set(options.workloads);
  const results: WorkloadResults = {};
  if (selected.has('w1')) {
    session.log('W1 ingest');
    results.w1 = await runIngestWorkload(session);
  }
  if (selected.has('w2')) {
    session.log('W2 rebuild');
    results.w2 = await runRebuildWorkload(session);
    if ('skipped' in results.w2) session.log('W2: skipped (store has no rebuild yet)');
  }
  if (selected.has('w3')) {
    session.log('W3 query');
    results.w3 = await runQueryWorkload(session);
  }
  if (selected.has('w5')) {
    session.log('W5 HTTP');
    results.w5 = await runHttpWorkload(session);
  }
  if (selected.has('w4')) {
    session.log('W4 memory');
    results.w4 = await runMemoryWorkload(session, { ingest: results.w1, rebuild: results.w2 });
  }
  return results;
}

/** `--store postgres`: the PostgreSQL store's workload on the server the environment names. */
async function benchPostgres(options: BenchOptions): Promise<void> {
  const url =
    process.env.OXIDE_MIRROR_BENCH_POSTGRES_URL ?? process.env.OXIDE_MIRROR_TEST_POSTGRES_URL;
  if (url === undefined || url === '') {
    throw new OptionsError(
      '--store postgres needs a server: set OXIDE_MIRROR_BENCH_POSTGRES_URL, or start a throwaway one with ' +
        '`eval "$(bash scripts/postgres-server.sh start)"`',
    );
  }
  const result = await runPostgresWorkload(options, url, (line) =>
    process.stderr.write(`${line}\n`),
  );
  process.stdout.write(
    options.json ? `${JSON.stringify(result, null, 2)}\n` : formatPostgresResult(result),
  );
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parseBenchOptions(argv);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  if (options.store === 'postgres') {
    await benchPostgres(options);
    return;
  }
  const startedAt = new Date();
  const session = new BenchSession(options, (line) => process.stderr.write(`${line}\n`));
  const interrupt = (signal: NodeJS.Signals): void => {
    stopWorkers();
    session.cleanUp();
    process.stderr.write(`bench: stopped by ${signal}\n`);
    process.exit(130);
  };
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
  try {
    const workloads = await runWorkloads(session, options);
    const results: BenchResults = {
      machine: machineInfo(),
      command: commandLine(argv),
      options,
      startedAt: startedAt.toISOString(),
      durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
      ...workloads,
      targets: checkTargets(workloads),
    };
    process.stdout.write(
      options.json ? `${JSON.stringify(results, null, 2)}\n` : formatReport(results),
    );
    const failed = results.targets.filter((check) => !check.met);
    if (options.check && failed.length > 0) {
      process.stderr.write(`bench: ${failed.length} of ${results.targets.length} targets FAIL\n`);
      process.exitCode = 1;
    }
  } finally {
    session.cleanUp();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`bench: ${message}\n`);
  if (error instanceof OptionsError) process.stderr.write(`\n${USAGE}\n`);
  process.exitCode = 1;
});
