import type { Decision } from './applied-delta';
import { MirrorError } from './errors';

/** Counts for one resource within a sync. */
export interface ResourceTally {
  /** Deltas and source rejects received. */
  pulled: number;
  /** Deltas that changed a record. */
  applied: number;
  /** Deltas logged without changing a record, and re-sent deltas. */
  skipped: number;
  /** Records set aside in the store's rejects instead of being mirrored. */
  rejected: number;
}

/** What one sync of one source did. */
export interface SyncReport extends ResourceTally {
  /** The source's id. */
  source: string;
  /** Deltas recognised as already logged (counted in `skipped` too). */
  duplicates: number;
  /** Pages committed. */
  pages: number;
  /** The cursor stored after the last committed page. */
  finalCursor?: string;
  /** The same counts, per resource. */
  perResource: Record<string, ResourceTally>;
}

/** Builds a {@link SyncReport} page by page. */
export class SyncReportBuilder {
  private readonly report: SyncReport;

  constructor(source: string, startCursor: string | undefined) {
    this.report = {
      source,
      pulled: 0,
      applied: 0,
      skipped: 0,
      rejected: 0,
      duplicates: 0,
      pages: 0,
      perResource: {},
    };
    if (startCursor !== undefined) this.report.finalCursor = startCursor;
  }

  /**
   * Adds one committed page: each delta's resource and decision, then the resources of the
   * records the source itself set aside.
   */
  addPage(
    resources: readonly string[],
    decisions: readonly Decision[],
    cursor: string | undefined,
    sourceRejects: readonly string[] = [],
  ): void {
    const report = this.report;
    report.pages += 1;
    if (cursor !== undefined) report.finalCursor = cursor;
    for (let i = 0; i < decisions.length; i++) {
      this.count(resources[i] as string, decisions[i] as Decision);
    }
    for (const resource of sourceRejects) this.count(resource, 'rejected');
  }

  private count(resource: string, decision: Decision): void {
    const report = this.report;
    const tally = (report.perResource[resource] ??= {
      pulled: 0,
      applied: 0,
      skipped: 0,
      rejected: 0,
    });
    const field =
      decision === 'applied' || decision === 'merged'
        ? 'applied'
        : decision === 'rejected'
          ? 'rejected'
          : 'skipped';
    report.pulled += 1;
    tally.pulled += 1;
    report[field] += 1;
    tally[field] += 1;
    if (decision === 'duplicate') report.duplicates += 1;
  }

  /** A copy of the report so far. */
  snapshot(): SyncReport {
    return structuredClone(this.report);
  }
}

/**
 * A sync stopped before the source was exhausted. Every page before the failing one is
 * committed; `report` says what they held, `cause` what went wrong.
 */
export class SyncFailedError extends MirrorError {
  /** What was committed before the failure. */
  readonly report: SyncReport;

  constructor(report: SyncReport, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      'SYNC_FAILED',
      `sync of '${report.source}' stopped after ${report.pages} committed page(s): ${reason}`,
      { cause },
    );
    this.report = report;
  }
}
