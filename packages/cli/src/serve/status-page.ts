import type { SyncRun } from '@oxide-mirror/core';
import type { SourceStatus } from '../mirror-queries/source-status';
import type { SourceSchedule } from './sync-scheduler';
import { runDuration } from '../output/duration';

/** One recent run, as the status page lists it. */
export type RecentRun = Pick<
  SyncRun,
  | 'id'
  | 'source'
  | 'startedAt'
  | 'finishedAt'
  | 'outcome'
  | 'pages'
  | 'applied'
  | 'rejected'
  | 'error'
>;

/** Everything the status page shows. */
export interface StatusPageData {
  database: string;
  now: Date;
  schedules: readonly SourceSchedule[];
  statuses: readonly SourceStatus[];
  runs: readonly RecentRun[];
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin-bottom:2rem}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right}.ok{color:#176f2c}.failed,.partial,.interrupted{color:#a61b1b}.running{color:#8a5a00}`;

/** Characters that would end an HTML text or attribute. */
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escape(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => ESCAPES[char] as string);
}

/** `3 min ago`: how old a time is. */
function age(at: string | null, now: Date): string {
  if (at === null) return 'never';
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(at)) / 1000));
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

function table(headers: readonly string[], rows: readonly string[][], id: string): string {
  const head = headers.map((header) => `<th>${escape(header)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.join('')}</tr>`).join('\n');
  return `<table id="${id}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const cell = (value: unknown, className = ''): string =>
  `<td${className ? ` class="${escape(className)}"` : ''}>${escape(value)}</td>`;

function sourceRows(data: StatusPageData): string[][] {
  return data.schedules.map((schedule) => {
    const status = data.statuses.find((item) => item.source === schedule.source);
    const state = schedule.running ? 'running' : schedule.queued ? 'queued' : 'idle';
    return [
      cell(schedule.source),
      cell(schedule.schedule ?? 'on request only'),
      cell(state, state),
      cell(schedule.nextRunAt?.toISOString() ?? '—'),
      cell(status?.lastOutcome ?? 'never synced', status?.lastOutcome ?? ''),
      cell(age(status?.lastSuccessAt ?? null, data.now)),
      cell(schedule.failures, 'num'),
      cell(status?.rejects ?? 0, 'num'),
      cell(status?.lastError ?? ''),
    ];
  });
}

function runRows(data: StatusPageData): string[][] {
  return data.runs.map((run) => [
    cell(run.id, 'num'),
    cell(run.source),
    cell(run.startedAt),
    cell(run.outcome, run.outcome),
    cell(runDuration(run.startedAt, run.finishedAt ?? null, data.now)),
    cell(run.pages, 'num'),
    cell(run.applied, 'num'),
    cell(run.rejected, 'num'),
    cell(run.error ?? ''),
  ]);
}

/**
 * The status page: one self-contained HTML document (no scripts, no front-end build) with a row
 * per source — schedule, state, next run, last outcome, freshness, failures in a row, rejects,
 * latest error — and the latest runs with their outcome and duration. It reloads itself every
 * 15 seconds. Every value is HTML-escaped: errors and ids come from remote APIs.
 */
export function renderStatusPage(data: StatusPageData): string {
  const sources = table(
    [
      'source',
      'schedule',
      'state',
      'next run',
      'last outcome',
      'last success',
      'failures',
      'rejects',
      'last error',
    ],
    sourceRows(data),
    'sources',
  );
  const runs = table(
    ['run', 'source', 'started', 'outcome', 'duration', 'pages', 'applied', 'rejected', 'error'],
    runRows(data),
    'runs',
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="15">
<title>oxide-mirror status</title><style>${STYLE}</style></head>
<body><h1>oxide-mirror</h1><p>Mirror <code>${escape(data.database)}</code> at ${escape(data.now.toISOString())}</p>
<h2>Sources</h2>${sources}
<h2>Latest runs</h2>${runs}
<p>Metrics: <a href="/metrics">/metrics</a> · health: <a href="/healthz">/healthz</a></p>
</body></html>
`;
}
