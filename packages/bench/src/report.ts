import type { MachineInfo } from './machine-info';
import { markdownTable } from './markdown-table';
import type { BenchOptions } from './options';
import { ratiosToFloor, runRatios, type RunRatios } from './run-ratios';
import type { Series } from './series';
import { storageOf, type StorageFigure } from './storage-figure';
import type { TargetCheck } from './targets';
import type { HttpResult } from './workloads/http-workload';
import type { IngestResult } from './workloads/ingest-workload';
import type { MemoryResult } from './workloads/memory-workload';
import type { QueryResult } from './workloads/query-workload';
import type { RebuildResult } from './workloads/rebuild-workload';

/** The results of the workloads that ran. */
export interface WorkloadResults {
  w1?: IngestResult;
  w2?: RebuildResult;
  w3?: QueryResult[];
  w4?: MemoryResult;
  w5?: HttpResult;
}

/** Everything one benchmark run found; what `--json` prints. */
export interface BenchResults extends WorkloadResults {
  machine: MachineInfo;
  command: string;
  options: BenchOptions;
  startedAt: string;
  durationSeconds: number;
  targets: TargetCheck[];
}

const count = (value: number): string => Math.round(value).toLocaleString('en-US');
const ratio = (value: number): string => `${value.toFixed(2)}×`;
/** The median of the runs' ratios: the figure the targets are checked on. */
const medianRatio = (ratios: RunRatios): string => ratio(ratios.median);
const seconds = (series: Series): string => (series.elapsedMs / 1000).toFixed(2);
const megabytes = (value: number | undefined): string =>
  value === undefined ? '–' : value.toFixed(0);
const detail = (series: Series, key: string): string => {
  const value = series.runs[0]?.details[key];
  return value === undefined ? '–' : count(value);
};

/** Time per operation, in the unit that keeps it readable. */
function perOperation(series: Series): string {
  const ms = series.elapsedMs / (series.runs[0]?.units ?? 1);
  return ms >= 1 ? `${ms.toFixed(1)} ms` : `${(ms * 1000).toFixed(1)} µs`;
}

function header(results: BenchResults): string {
  const { machine, options } = results;
  return [
    '# oxide-mirror benchmark',
    '',
    `machine: ${machine.os}, ${machine.cpuCount} × ${machine.cpu}, ${machine.memoryGb} GB RAM, ` +
      `load average ${machine.loadAverage} at the end`,
    `runtime: Node ${machine.node}, better-sqlite3 ${machine.betterSqlite3}, SQLite ${machine.sqlite}`,
    `command: ${results.command}`,
    `data:    ${count(options.deltas)} deltas over ${count(options.records)} records, ~${options.payloadBytes}-byte payloads, ` +
      `${count(options.batch)} per transaction, seed ${options.seed}`,
    "sqlite:  baselines use SQLite's defaults plus journal_mode=WAL; the store uses its own settings",
    `runs:    ${options.runs}, interleaved (figures are medians; target ratios are medians of the runs' ratios; ` +
      `peak RSS is the highest), took ${results.durationSeconds.toFixed(0)} s`,
  ].join('\n');
}

function ingestSection(w1: IngestResult): string {
  const row = (series: Series): string[] => [
    series.name,
    count(series.rate),
    medianRatio(runRatios(series, w1.sameWork, 'rate')),
    medianRatio(runRatios(series, w1.bare, 'rate')),
    seconds(series),
    megabytes(series.peakRssMb),
    detail(series, 'applied'),
    detail(series, 'skipped'),
  ];
  return [
    `## W1 ingest: ${count(w1.deltas)} deltas (rate, higher is better; ratio = median over the runs of rate / baseline rate)`,
    '',
    markdownTable(
      [
        'measurement',
        ' deltas/s',
        ' vs same-work',
        ' vs bare',
        ' seconds',
        ' peak RSS MB',
        ' applied',
        ' skipped',
      ],
      [row(w1.bare), row(w1.sameWork), ...w1.project.map(({ series }) => row(series))],
    ),
    '',
    'same-work is last-write-wins; the other strategies are shown against it for scale.',
    '',
    ...storageLines(w1),
  ].join('\n');
}

/** One storage line: database bytes per byte of payload JSON (lower is better). */
function storageLine(what: string, figure: StorageFigure | undefined): string[] {
  if (figure === undefined) return [];
  const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
  return [
    `storage, ${what}: ${mb(figure.databaseBytes)} MB database for ${mb(figure.payloadBytes)} MB ` +
      `of payload JSON = ${ratio(figure.ratio)}`,
  ];
}

/** The storage figure of every strategy W1 ran. */
function storageLines(w1: IngestResult): string[] {
  return w1.project.flatMap(({ strategy, series }) => storageLine(strategy, storageOf(series)));
}

function rebuildSection(w2: RebuildResult, w1: IngestResult | undefined): string {
  if ('skipped' in w2) return `## W2 rebuild\n\nW2: skipped (${w2.skipped})`;
  const ingest = w1?.project.find((entry) => entry.strategy === 'last-write-wins')?.series;
  const row = (series: Series): string[] => [
    series.name,
    count(series.rate),
    seconds(series),
    medianRatio(runRatios(series, w2.replay, 'rate')),
    ingest === undefined ? '–' : medianRatio(runRatios(series, ingest, 'rate')),
    megabytes(series.peakRssMb),
  ];
  return [
    `## W2 rebuild: replay ${count(w2.events)} events, last-write-wins (rate, higher is better)`,
    '',
    markdownTable(
      ['measurement', ' events/s', ' seconds', ' vs raw replay', ' vs W1 ingest', ' peak RSS MB'],
      [row(w2.replay), row(w2.rebuild)],
    ),
  ].join('\n');
}

function querySection(w3: readonly QueryResult[]): string {
  const rows = w3.map((result) => [
    result.query,
    result.api,
    count(result.repetitions),
    perOperation(result.raw),
    perOperation(result.project),
    medianRatio(runRatios(result.project, result.raw, 'time')),
    `${megabytes(result.raw.peakRssMb)} / ${megabytes(result.project.peakRssMb)}`,
  ]);
  return [
    '## W3 query (time, LOWER is better; ratio = median over the runs of project time / raw time)',
    '',
    markdownTable(
      [
        'read',
        'project API',
        ' executions',
        ' raw per op',
        ' project per op',
        ' project / raw',
        ' peak RSS MB raw / project',
      ],
      rows,
    ),
    '',
    'raw: the same read prepared once on a read-only better-sqlite3 connection (the record lookup',
    'parses the payload, as getRecord returns it). SQL:',
    ...w3.map((result) => `${result.query}: ${result.sql.replace(/\s+/g, ' ')}`),
  ].join('\n');
}

function memorySection({ small, large }: MemoryResult): string {
  const growth = (base: number | undefined, scaled: number | undefined): string =>
    base === undefined || scaled === undefined
      ? '–'
      : `${scaled >= base ? '+' : ''}${(((scaled - base) / base) * 100).toFixed(1)}%`;
  return [
    '## W4 memory (peak RSS of the worker process, MB = 2^20 bytes)',
    '',
    markdownTable(
      [
        'measurement',
        ` ${count(small.deltas)} deltas`,
        ` ${count(large.deltas)} deltas`,
        ' growth',
      ],
      [
        [
          'project ingest (W1, last-write-wins)',
          megabytes(small.ingestPeakRssMb),
          megabytes(large.ingestPeakRssMb),
          growth(small.ingestPeakRssMb, large.ingestPeakRssMb),
        ],
        [
          'project rebuild (W2)',
          megabytes(small.rebuildPeakRssMb),
          megabytes(large.rebuildPeakRssMb),
          growth(small.rebuildPeakRssMb, large.rebuildPeakRssMb),
        ],
      ],
    ),
  ].join('\n');
}

function httpSection({ latency, bulk }: HttpResult): string {
  const row = (name: string, series: Series, floorMs: number, ratios: RunRatios): string[] => [
    name,
    count(series.runs[0]?.details.applied ?? 0),
    seconds(series),
    (floorMs / 1000).toFixed(2),
    medianRatio(ratios),
    megabytes(series.peakRssMb),
  ];
  const spec = (s: HttpResult['latency']['spec']): string =>
    `${s.resources} × ${count(s.recordsPerResource)} records, pages of ${count(s.pageSize)}, ${s.latencyMs} ms per page`;
  return [
    '## W5 HTTP (time, LOWER is better; ratio = median over the runs of project time / floor)',
    '',
    markdownTable(
      ['measurement', ' records', ' seconds', ' floor s', ' vs floor', ' peak RSS MB'],
      [
        row(
          `with latency (${spec(latency.spec)})`,
          latency.project,
          latency.floorMs,
          ratiosToFloor(latency.project, latency.floorMs),
        ),
        row(
          'with latency, the listings only fetched side by side (nothing stored)',
          latency.fetchOnly,
          latency.floorMs,
          ratiosToFloor(latency.fetchOnly, latency.floorMs),
        ),
        row(
          `without latency (${spec(bulk.spec)})`,
          bulk.project,
          bulk.bare.elapsedMs,
          runRatios(bulk.project, bulk.bare, 'time'),
        ),
      ],
    ),
    '',
    "floor with latency: the largest listing's pages × the latency; without: the bare " +
      `fetch-parse-insert loop, ${seconds(bulk.bare)} s in this run. Fetching the listings ` +
      'alone shows what the requests cost beyond the latency on this machine: the sync with ' +
      `latency took ${medianRatio(runRatios(latency.project, latency.fetchOnly, 'time'))} as long.`,
    '',
    ...storageLine('with latency', storageOf(latency.project, latency.payloadBytes)),
    ...storageLine('without latency', storageOf(bulk.project, bulk.payloadBytes)),
  ].join('\n');
}

function targetSection(targets: readonly TargetCheck[]): string {
  return [
    '## Targets (the exit code is 0 either way unless --check)',
    '',
    markdownTable(
      ['workload', 'target', ' measured', 'result'],
      targets.map((check) => [
        check.workload,
        check.target,
        check.measured,
        check.met ? 'PASS' : 'FAIL',
      ]),
    ),
    '',
    `${targets.filter((check) => check.met).length} of ${targets.length} targets pass.`,
  ].join('\n');
}

/** The human-readable report: machine, command, one table per workload, the targets. */
export function formatReport(results: BenchResults): string {
  const sections = [header(results)];
  if (results.w1 !== undefined) sections.push(ingestSection(results.w1));
  if (results.w2 !== undefined) sections.push(rebuildSection(results.w2, results.w1));
  if (results.w3 !== undefined) sections.push(querySection(results.w3));
  if (results.w4 !== undefined) sections.push(memorySection(results.w4));
  if (results.w5 !== undefined) sections.push(httpSection(results.w5));
  if (results.targets.length > 0) sections.push(targetSection(results.targets));
  return `${sections.join('\n\n')}\n`;
}
