import { parseArgs } from 'node:util';
import { STRATEGY_NAMES, isStrategyName, type StrategyName } from './strategies';

/** The workloads of the benchmark, in the order they run. */
export const WORKLOAD_NAMES = ['w1', 'w2', 'w3', 'w4', 'w5'] as const;

/** One of {@link WORKLOAD_NAMES}. */
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

/** Everything a benchmark run is configured with. */
export interface BenchOptions {
  /** Deltas ingested by W1 (and so events replayed by W2). */
  deltas: number;
  /** Distinct records the deltas touch. */
  records: number;
  /** Deltas per transaction (and per source page). */
  batch: number;
  /** Approximate JSON size of an upsert's payload. */
  payloadBytes: number;
  /** Workloads to run. */
  workloads: WorkloadName[];
  /** Repetitions of every measurement; the report shows the median. */
  runs: number;
  /** Strategies W1 runs the project with. */
  strategies: StrategyName[];
  /** Folder for the databases; a new temporary folder when undefined. */
  dir: string | undefined;
  /** Keep the databases when done. */
  keep: boolean;
  /** Print the results as JSON instead of tables. */
  json: boolean;
  /** Seed of the generated data. */
  seed: number;
  /** W3: lookups per measurement. */
  lookups: number;
  /** W3: group-by executions per measurement. */
  groupBys: number;
  /** W4: the larger size is `deltas × memoryScale` (the base size is W1's). */
  memoryScale: number;
  /** W5: records of each of the three listings of the latency case. */
  httpRecords: number;
  /** W5: records of the one listing of the no-latency case. */
  httpBulkRecords: number;
  /** Write a V8 CPU profile of every worker into this folder. */
  cpuProfDir: string | undefined;
  /** The full sizes (`--full`): 1M deltas, W4 at 3M, every strategy. */
  full: boolean;
  /** Exit with code 1 when a target is not met (`--check`); otherwise targets only inform. */
  check: boolean;
  /** The store benchmarked: `sqlite` (the workloads above) or `postgres` (its own workload). */
  store: 'sqlite' | 'postgres';
  /** Print the usage and exit. */
  help: boolean;
}

/** The usage text of `pnpm bench`. */
export const USAGE = `Usage: pnpm bench [options]     (from the repository root; builds first)
       node packages/bench/dist/main.js [options]

  --full              the issue's sizes: 1m deltas, W4 from 1m to 3m, every strategy (~1 h)
  --check             exit with code 1 when a target is not met (default: always 0)
  --deltas N          deltas ingested by W1, replayed by W2         (default 200k; --full 1m)
  --records N         distinct records the deltas touch             (default 200k)
  --batch N           deltas per transaction / source page          (default 5000)
  --payload-bytes N   approximate payload JSON size                 (default 300)
  --workloads LIST    any of ${WORKLOAD_NAMES.join(',')}                           (default all)
  --runs N            interleaved repetitions; figures are medians  (default 3)
  --strategies LIST   W1 strategies: ${STRATEGY_NAMES.join(',')}
                                                      (default last-write-wins; --full all three)
  --dir PATH          folder for the databases                      (default a new temp folder)
  --keep              keep the databases when done
  --json              print the results as JSON
  --seed N            seed of the generated data                    (default 1)
  --lookups N         W3 lookups per measurement                    (default 20000)
  --group-bys N       W3 group-by executions per measurement        (default 2)
  --memory-scale N    W4 also runs at deltas × N                    (default 2; --full 3)
  --http-records N    W5: records per listing, 3 listings, 20 ms/page (default 30k)
  --http-bulk N       W5: records of the no-latency listing          (default 100k)
  --cpu-prof DIR      write a CPU profile of every worker into DIR
  --store NAME        sqlite, or postgres: ingest, rebuild and three workers against a
                      raw pg loop on the server at OXIDE_MIRROR_BENCH_POSTGRES_URL
                      (or OXIDE_MIRROR_TEST_POSTGRES_URL)           (default sqlite)
  -h, --help          show this help

Counts accept k and m suffixes and underscores: 1m, 200k, 1_000_000.
An option given explicitly wins over --full's sizes.`;

/** A bad command line: an unknown option, a missing value, a value out of range. */
export class OptionsError extends Error {
  override readonly name = 'OptionsError';
}

/** Parses a count such as `1000000`, `1_000_000`, `200k` or `1m`. */
export function parseCount(text: string, name: string, minimum = 1): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.replaceAll('_', ''));
  const scale = { '': 1, k: 1_000, m: 1_000_000 }[(match?.[2] ?? '').toLowerCase()] ?? 1;
  const value = match === null ? Number.NaN : Number(match[1]) * scale;
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new OptionsError(`--${name} must be an integer ≥ ${minimum}, got '${text}'`);
  }
  return value;
}

function parseList<T extends string>(
  text: string,
  name: string,
  allowed: readonly T[],
  check: (item: string) => item is T,
): T[] {
  const items = text
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item.length > 0);
  const unknown = items.filter((item) => !check(item));
  if (items.length === 0 || unknown.length > 0) {
    throw new OptionsError(`--${name} takes a comma-separated list of ${allowed.join(', ')}`);
  }
  return allowed.filter((item) => items.includes(item));
}

const isWorkloadName = (item: string): item is WorkloadName =>
  (WORKLOAD_NAMES as readonly string[]).includes(item);

/**
 * Parses the command line. A leading `--` is dropped, so `pnpm bench -- --deltas 20000` and
 * `pnpm bench --deltas 20000` mean the same. Throws {@link OptionsError} naming the bad option.
 */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  const given = parseValues(args);
  const values = { ...DEFAULTS, ...(given.full ? FULL : {}), ...definedOnly(given) };
  return {
    deltas: parseCount(values.deltas, 'deltas'),
    records: parseCount(values.records, 'records'),
    batch: parseCount(values.batch, 'batch'),
    payloadBytes: parseCount(values['payload-bytes'], 'payload-bytes', 0),
    workloads: parseList(values.workloads, 'workloads', WORKLOAD_NAMES, isWorkloadName),
    runs: parseCount(values.runs, 'runs'),
    strategies: parseList(values.strategies, 'strategies', STRATEGY_NAMES, isStrategyName),
    dir: values.dir,
    keep: values.keep,
    json: values.json,
    seed: parseCount(values.seed, 'seed', 0),
    lookups: parseCount(values.lookups, 'lookups'),
    groupBys: parseCount(values['group-bys'], 'group-bys'),
    memoryScale: parseCount(values['memory-scale'], 'memory-scale', 2),
    httpRecords: parseCount(values['http-records'], 'http-records'),
    httpBulkRecords: parseCount(values['http-bulk'], 'http-bulk'),
    cpuProfDir: values['cpu-prof'],
    full: values.full,
    check: values.check,
    store: parseStore(values.store),
    help: values.help,
  };
}

/**
 * The values of options not given. The default run is sized to finish in a few minutes on a
 * 2-core machine with three interleaved runs; `--full` ({@link FULL}) restores the sizes.
 */
const DEFAULTS = {
  deltas: '200k',
  records: '200k',
  batch: '5000',
  'payload-bytes': '300',
  workloads: WORKLOAD_NAMES.join(','),
  runs: '3',
  strategies: 'last-write-wins',
  keep: false,
  json: false,
  seed: '1',
  lookups: '20000',
  'group-bys': '2',
  'memory-scale': '2',
  'http-records': '30k',
  'http-bulk': '100k',
  full: false,
  check: false,
  store: 'sqlite',
  help: false,
};

/**
 * What `--full` changes: W1 at 1M deltas with every strategy, and W4 from 1M to 3M. The
 * default W4 goes from 200k to 400k only: 600k deltas over 200k records took 93 s here, more
 * than the default run can spend, and a smaller base is no shortcut, because the peak still
 * grows until about 200k deltas (188 MB at 100k, 210 MB at 300k, 219 MB at 200k and 600k).
 */
const FULL: Partial<typeof DEFAULTS> = {
  deltas: '1m',
  'memory-scale': '3',
  strategies: STRATEGY_NAMES.join(','),
};

/** The options that were given (parseArgs reports the others as undefined). */
function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

/** The option values given on the command line; parseArgs' own errors become {@link OptionsError}. */

function parseStore(text: string): BenchOptions['store'] {
  if (text === 'sqlite' || text === 'postgres') return text;
  throw new OptionsError(`--store takes sqlite or postgres, got '${text}'`);
}

/** The option values given on the command line; parseArgs' own errors become {@link OptionsError}. */
function parseValues(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        deltas: { type: 'string' },
        records: { type: 'string' },
        batch: { type: 'string' },
        'payload-bytes': { type: 'string' },
        workloads: { type: 'string' },
        runs: { type: 'string' },
        strategies: { type: 'string' },
        dir: { type: 'string' },
        keep: { type: 'boolean' },
        json: { type: 'boolean' },
        seed: { type: 'string' },
        lookups: { type: 'string' },
        'group-bys': { type: 'string' },
        'memory-scale': { type: 'string' },
        'http-records': { type: 'string' },
        'http-bulk': { type: 'string' },
        'cpu-prof': { type: 'string' },
        full: { type: 'boolean' },
        check: { type: 'boolean' },
        store: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new OptionsError(error instanceof Error ? error.message : String(error));
  }
}
