import { MirrorError } from '../errors';
import type { ResourceTally } from '../sync-report';
import type { FieldDescription, FieldType } from './mirror-catalog';
import type { SyncRun, SyncRunOutcome } from './sync-run-log';

/**
 * A row of a store's `sync_runs` table. Every store keeps the table in this shape, so agents
 * query sync health with the same SQL on any store.
 */
export interface SyncRunRow {
  id: number;
  source: string;
  started_at: string;
  finished_at: string | null;
  outcome: SyncRunOutcome;
  pages: number;
  pulled: number;
  applied: number;
  skipped: number;
  duplicates: number;
  rejected: number;
  cursor_before: string | null;
  cursor_after: string | null;
  error: string | null;
  /** JSON object of per-resource tallies. */
  per_resource: string;
}

/**
 * Checks the `limit` of `recentSyncRuns`: engines read a negative or fractional LIMIT each their
 * own way (SQLite as no limit at all), so every store refuses it the same way first.
 */
export function checkRecentRunsLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new MirrorError(
      'INVALID_OPTIONS',
      `recent sync runs: the limit must be a positive integer, got ${limit}`,
    );
  }
}

/** The run a `sync_runs` row holds. */
export function syncRunFromRow(row: SyncRunRow): SyncRun {
  return {
    id: row.id,
    source: row.source,
    startedAt: row.started_at,
    finishedAt: row.finished_at ?? undefined,
    outcome: row.outcome,
    pages: row.pages,
    pulled: row.pulled,
    applied: row.applied,
    skipped: row.skipped,
    duplicates: row.duplicates,
    rejected: row.rejected,
    cursorBefore: row.cursor_before ?? undefined,
    cursorAfter: row.cursor_after ?? undefined,
    error: row.error ?? undefined,
    perResource: JSON.parse(row.per_resource) as Record<string, ResourceTally>,
  };
}

/** The `sync_runs` row that holds `run`: the inverse of {@link syncRunFromRow}. */
export function syncRunRowOf(run: SyncRun): SyncRunRow {
  return {
    id: run.id,
    source: run.source,
    started_at: run.startedAt,
    finished_at: run.finishedAt ?? null,
    outcome: run.outcome,
    pages: run.pages,
    pulled: run.pulled,
    applied: run.applied,
    skipped: run.skipped,
    duplicates: run.duplicates,
    rejected: run.rejected,
    cursor_before: run.cursorBefore ?? null,
    cursor_after: run.cursorAfter ?? null,
    error: run.error ?? null,
    per_resource: JSON.stringify(run.perResource),
  };
}

/** The columns of a `sync_runs` row, in the order stores bind them when importing runs. */
export const SYNC_RUN_COLUMNS = [
  'id',
  'source',
  'started_at',
  'finished_at',
  'outcome',
  'pages',
  'pulled',
  'applied',
  'skipped',
  'duplicates',
  'rejected',
  'cursor_before',
  'cursor_after',
  'error',
  'per_resource',
] as const satisfies readonly (keyof SyncRunRow)[];

/** One (field, type) pair of a resource's payloads, as a store's catalog query counts it. */
export interface FieldTypeRow {
  field: string;
  type: FieldType;
  records: number;
  /** The smallest value of the type, as text; null when there is none. */
  example: string | null;
}

/**
 * Folds rows of one (field, type) each — ordered by field, then most records first — into one
 * description per field, its types in that order and its example from the first non-null type.
 */
export function fieldDescriptionsOf(rows: readonly FieldTypeRow[]): FieldDescription[] {
  const fields = new Map<string, FieldDescription>();
  for (const row of rows) {
    const field = fields.get(row.field) ?? {
      field: row.field,
      types: [],
      records: 0,
      example: null,
    };
    field.types.push(row.type);
    field.records += row.records;
    if (field.example === null && row.type !== 'null' && row.example !== null) {
      field.example = row.example;
    }
    fields.set(row.field, field);
  }
  return [...fields.values()];
}
